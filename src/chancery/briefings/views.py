from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chancery.cases.views import staff_required


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "briefings/index.html")
