"""News intake on the five seed articles and on a web page with menus and footers: boilerplate gone,
article text kept, duplicates recognised, countries and topics tagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from chancery.briefings import intake, services
from chancery.briefings.models import NewsItem
from chancery.briefings.text import fold
from chancery.search import engine as search

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def seed_articles() -> dict[str, intake.Article]:
    assert SEEDS.is_dir(), f"seed articles expected in {SEEDS}"
    return {p.name[:3]: intake.parse(p.read_bytes(), name=p.name)[0] for p in sorted(SEEDS.glob("*.txt"))}


BOILERPLATE = {
    "001": [
        "Diendanphapluat - Tin tức pháp luật 24h",
        "Link nguồn:",
        "Liên hệ cung cấp thông tin",
        "Đường dây nóng",
        "Nhấn vào đây để đánh giá",
        "Xác thực thông tin của bạn",
        "0.37962 sec",
        "Ảnh: Dương Giang/TTXVN",
    ],
    "002": ["https://baoquocte.vn/"],
    "003": ["In bài viết", "- Ảnh 1.", "- Ảnh 2.", "Ảnh: VGP/Hải Minh"],
    "004": [
        "z6201572437686_56b8b89f3afce173c7d8103de39e9c09.jpg",
        "z6201572438336_54d4d95f4e534831f0cccedf94a3533b.jpg",
        "Tin cùng chuyên mục",
        "Ảnh: VIẾT CHUNG",
    ],
}
KEPT = {
    "000": [
        "cải cách thủ tục hành chính theo hướng công khai minh bạch",
        "Chuyển đổi số, chuyển đổi xanh, chuyển đổi năng lượng",
    ],
    "001": [
        "Chiều 31/1, tại trụ sở Bộ Ngoại giao",
        "không để đất nước bị động, bất ngờ về đối ngoại",
        "chăm lo phát triển đội ngũ cán bộ ngoại giao chuyên nghiệp",
    ],
    "002": [
        "Các cơ quan đại diện cần có cơ chế giao ban hàng ngày",
        "người được chỉ định là Đại sứ Việt Nam tại Nhật Bản",
    ],
    "003": [
        "Sáng 22/12, tại Hà Nội, trong khuôn khổ Hội nghị Ngoại giao lần thứ 32",
        '"Đồng tình, đồng lòng, đồng sức, đồng minh"',
    ],
    "004": ["Một là, kiên trì đường lối độc lập dân tộc", "Thứ năm, xây dựng và thực hiện đề án cơ cấu lại"],
}
TITLES = {
    "001": "Bộ Ngoại giao cần phát huy vai trò tiên phong trong các nhiệm vụ đối ngoại",
    "002": "Bộ trưởng Ngoại giao Bùi Thanh Sơn giao 4 nhiệm vụ cho các Trưởng cơ quan đại diện Việt Nam "
    "ở nước "
    "ngoài nhiệm kỳ 2023-2026",
    "003": "Bộ Ngoại giao gắn tổ chức sắp xếp bộ máy với đẩy mạnh chuyển đổi số",
    "004": "Thủ tướng Phạm Minh Chính nhấn mạnh 3 bài học của ngành ngoại giao",
}


def test_seed_boilerplate_removed(seed_articles):
    for key, fragments in BOILERPLATE.items():
        text = seed_articles[key].text
        for fragment in fragments:
            assert fragment not in text, (key, fragment)


def test_seed_article_text_kept(seed_articles):
    for key, fragments in KEPT.items():
        for fragment in fragments:
            assert fragment in seed_articles[key].text, (key, fragment)
    # The title repeated as image captions appears once, as the title, not in the text.
    for key, title in TITLES.items():
        assert seed_articles[key].title == title
        assert title not in seed_articles[key].text.split("\n\n")


def test_seed_metadata(seed_articles):
    assert seed_articles["001"].url.startswith("https://baotintuc.vn/thoi-su/bo-ngoai-giao-can-phat-huy")
    assert seed_articles["002"].source == "Báo Thế giới & Việt Nam"
    assert str(seed_articles["003"].published_on) == "2023-12-22"
    assert all(a.language == "vi" for a in seed_articles.values())


def test_seed_import_tags_and_duplicates(org):
    report = services.ImportReport()
    for path in sorted(SEEDS.glob("*.txt")):
        services.import_news_file(
            path.read_bytes(), name=path.name, actor=org.officer, unit=org.fr, report=report
        )
    assert len(report.created) == 5 and not report.errors
    tokyo = NewsItem.objects.get(title=TITLES["002"])
    assert tokyo.countries == ["JP"]  # "Đại sứ Việt Nam tại Nhật Bản"
    assert "politics" in tokyo.topics
    assert "science" in NewsItem.objects.get(title=TITLES["003"]).topics  # chuyển đổi số
    # The same files again: all duplicates, nothing new.
    again = services.ImportReport()
    for path in sorted(SEEDS.glob("*.txt")):
        services.import_news_file(path.read_bytes(), name=path.name, report=again)
    assert not again.created and len(again.duplicates) == 5
    # The same article re-typed without accents, in capitals, with other spacing: still a duplicate.
    original = seed("003").read_text(encoding="utf-8")
    retyped = fold(original).upper().replace("\n\n", "\n \n  ")
    assert services.import_news_file(retyped.encode(), name="retyped.txt").duplicates
    # Searchable at once, without diacritics.
    found = search.search(org.officer_jp, "sap xep bo may", kind="news")
    assert found.hits[0].entry.title == TITLES["003"]  # the words side by side in its title
    assert search.search(org.officer_jp, '"gan to chuc sap xep bo may"', kind="news").total == 1


PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Việt Nam và Nhật Bản thúc đẩy hợp tác bán dẫn | Báo Ngoại giao Mẫu</title>
<meta property="og:site_name" content="Báo Ngoại giao Mẫu">
<meta name="date" content="2025-03-10">
<link rel="canonical" href="https://bao-mau.example.vn/hop-tac-ban-dan-123.html">
<script>window.dataLayer = [];</script><style>.menu{color:red}</style></head>
<body>
<div class="cookie-banner">Trang web sử dụng cookie. Đồng ý | Từ chối</div>
<header class="site-header"><a href="/">Báo Ngoại giao Mẫu</a>
  <nav class="main-menu"><ul><li><a href="/thoi-su">Thời sự</a></li><li><a href="/the-gioi">Thế giới</a></li>
  <li><a href="/kinh-te">Kinh tế</a></li><li><a href="/van-hoa">Văn hóa</a></li>
  <li><a href="/the-thao">Thể thao</a></li>
  <li><a href="/dang-nhap">Đăng nhập</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/the-gioi">Thế giới</a></div>
<main><article class="post">
  <h1>Việt Nam và Nhật Bản thúc đẩy hợp tác bán dẫn</h1>
  <div class="byline">Minh Anh · 10/03/2025 09:15</div>
  <p>Chiều 10/3, tại Tokyo, Đại sứ Việt Nam tại Nhật Bản đã làm việc với Hiệp hội các nhà sản xuất thiết bị
  bán dẫn Nhật Bản về khả năng mở rộng đầu tư vào Việt Nam trong giai đoạn tới.</p>
  <p>Hai bên nhất trí thành lập nhóm công tác chung để kết nối doanh nghiệp, đào tạo kỹ sư và chia sẻ kinh
  nghiệm xây dựng chuỗi cung ứng linh kiện điện tử, đặc biệt tại Bắc Ninh, Hà Nội và Đà Nẵng.</p>
  <p>Đại sứ đề nghị phía Nhật Bản tiếp tục hỗ trợ Việt Nam phát triển nguồn nhân lực chất lượng cao và
  chuyển giao công nghệ trong lĩnh vực bán dẫn, trí tuệ nhân tạo và dữ liệu lớn.</p>
  <div class="share">Chia sẻ: Facebook · Zalo · Twitter</div>
</article>
<aside class="sidebar"><h3>Đọc nhiều nhất</h3><ul>
  <li><a href="/a">Giá vàng hôm nay tăng mạnh</a></li><li><a href="/b">Thời tiết cuối tuần nắng nóng</a></li>
  <li><a href="/c">Kết quả xổ số miền Bắc</a></li></ul></aside>
<section class="comments"><h3>Bình luận</h3><form><input name="ten" placeholder="Họ tên"><textarea></textarea>
  <button>Gửi bình luận</button></form></section></main>
<footer class="site-footer"><p>© 2025 Báo Ngoại giao Mẫu. Giấy phép số 123/GP-BTTTT.</p>
  <p>Địa chỉ: 1 phố Mẫu, Hà Nội · Đường dây nóng: 0900 000 000 · Liên hệ quảng cáo</p>
  <ul><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/rss">RSS</a></li></ul></footer>
</body></html>"""


def test_html_page_boilerplate_removed_article_kept():
    article = intake.parse(PAGE.encode("utf-8"), name="hop-tac.html")[0]
    assert article.format == "html"
    assert article.title.startswith("Việt Nam và Nhật Bản thúc đẩy hợp tác bán dẫn")
    for kept in (
        "Đại sứ Việt Nam tại Nhật Bản đã làm việc với Hiệp hội",
        "đặc biệt tại Bắc Ninh, Hà Nội và Đà Nẵng",
        "trí tuệ nhân tạo và dữ liệu lớn",
    ):
        assert kept in " ".join(article.text.split()), kept
    for gone in (
        "Thể thao",
        "Đăng nhập",
        "Trang chủ",
        "cookie",
        "Giá vàng",
        "xổ số",
        "Gửi bình luận",
        "Giấy phép",
        "Đường dây nóng",
        "Giới thiệu",
        "Facebook",
        "dataLayer",
        "color:red",
    ):
        assert gone not in article.text, gone
    assert article.url == "https://bao-mau.example.vn/hop-tac-ban-dan-123.html"
    assert article.language == "vi"


def test_html_page_import_tags_and_duplicate_by_address(org):
    report = services.import_news_file(PAGE.encode("utf-8"), name="hop-tac.html", actor=org.officer)
    item = report.created[0]
    assert item.countries == ["JP"]
    assert {"science", "economy"} <= set(item.topics)
    # The same address with a different text (an updated version of the page) is a duplicate too.
    updated = PAGE.replace("trong giai đoạn tới", "trong năm 2025 và các năm tiếp theo")
    again = services.import_news_file(updated.encode("utf-8"), name="hop-tac-2.html")
    assert not again.created and again.duplicates[0][1] == item


def test_english_page():
    page = """<html><head><title>Japan and Viet Nam deepen semiconductor ties</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
    <article><h1>Japan and Viet Nam deepen semiconductor ties</h1>
    <p>Tokyo and Hanoi agreed on Monday to set up a joint working group on semiconductor supply chains,
    with training programmes for engineers and new investment in packaging and testing plants.</p>
    <p>The trade ministers said the cooperation would help both economies diversify their supply chains and
    would be reviewed at the next annual meeting of the two governments in the autumn.</p></article>
    <footer>Copyright 2025 Example News. All rights reserved. Privacy policy. Terms of use.</footer>
    </body></html>"""
    article = intake.parse(page.encode(), name="page.html")[0]
    assert "joint working group on semiconductor supply chains" in " ".join(article.text.split())
    assert "Privacy policy" not in article.text and "Sport" not in article.text
    assert article.language == "en"


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tin Ngoại giao</title><link>https://tin.example.vn/</link>
<item><title>Việt Nam – Australia tăng cường hợp tác giáo dục</title>
  <link>https://tin.example.vn/a1</link><pubDate>Mon, 10 Mar 2025 08:00:00 +0700</pubDate>
  <description>&lt;p&gt;Bộ trưởng hai nước ký kế hoạch hợp tác &lt;b&gt;giáo dục&lt;/b&gt;
  và đào tạo.&lt;/p&gt;</description></item>
<item><title>Đoàn doanh nghiệp Pháp thăm Đà Nẵng</title>
  <link>https://tin.example.vn/a2</link><pubDate>Tue, 11 Mar 2025 08:00:00 +0700</pubDate>
  <description>Đoàn 20 doanh nghiệp Pháp khảo sát cơ hội đầu tư tại Đà Nẵng.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Embassy news</title><id>urn:x</id>
<updated>2025-03-12T00:00:00Z</updated>
<entry><title>Saudi Arabia eases visa rules for Vietnamese workers</title><id>urn:e1</id>
  <link href="https://news.example.org/e1"/><updated>2025-03-12T08:00:00Z</updated>
  <content type="html">&lt;p&gt;Saudi Arabia announced simpler visa procedures for workers
  from Viet Nam.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_feeds(org):
    report = services.import_news_file(RSS.encode(), name="feed.xml")
    assert [i.title for i in report.created] == [
        "Việt Nam – Australia tăng cường hợp tác giáo dục",
        "Đoàn doanh nghiệp Pháp thăm Đà Nẵng",
    ]
    first, second = report.created
    assert first.text == "Bộ trưởng hai nước ký kế hoạch hợp tác giáo dục và đào tạo."
    assert first.countries == ["AU"] and second.countries == ["FR"]
    assert str(first.published_on) == "2025-03-10" and first.source == "Tin Ngoại giao"
    assert services.import_news_file(RSS.encode(), name="feed.xml").duplicates  # re-polled feed
    atom = services.import_news_file(ATOM.encode(), name="feed.atom").created[0]
    assert atom.countries == ["SA"] and atom.url == "https://news.example.org/e1"


def test_unreadable_file_is_reported_not_raised():
    report = services.import_news_file(b"", name="empty.txt")
    assert report.errors and not report.created
    report = services.import_news_file(b"<html><body></body></html>", name="empty.html")
    assert report.errors
