"""Whole texts of the general patterns the outline step must handle, end to end.

Short synthetic texts written for this test (not copies of corpus texts): letters, directives,
dispatches, conclusion notices, plans and news that enumerate tasks, and lists that do not
(results, figures, people, units, documents, agendas, timelines, definitions, articles, links,
interviews). Each expects the tree of markers of the items proposed as tasks."""

from __future__ import annotations

import pytest

from chancery.directives.extraction import extract_directive


def _tree(items: list[dict]) -> list:
    return [(i["marker"], _tree(i["children"])) if i["children"] else i["marker"] for i in items]


CASES: dict[str, tuple[str, list]] = {
    'vpcp_letter': (
        'VĂN PHÒNG CHÍNH PHỦ\n'
        'Số: 1234/VPCP-QHQT\n'
        'V/v tổ chức hội nghị\n'
        'Hà Nội, ngày 3 tháng 5 năm 2024\n'
        'Kính gửi:\n'
        '- Bộ Ngoại giao;\n'
        '- Bộ Tài chính.\n'
        'Xét đề nghị của Bộ Ngoại giao tại văn bản số 55/BNG-THKT ngày 1 tháng 4 năm 2024'
        ', Phó Thủ tướng Trần Văn B có ý kiến như sau:\n'
        '1. Đồng ý về nguyên tắc việc tổ chức Hội nghị như đề nghị của Bộ Ngoại giao.\n'
        '2. Bộ Ngoại giao chủ trì, phối hợp với các cơ quan liên quan chuẩn bị chu đáo nộ'
        'i dung; báo cáo Thủ tướng Chính phủ kết quả trước ngày 30 tháng 6 năm 2024.\n'
        '3. Bộ Tài chính bố trí kinh phí theo quy định.\n'
        'Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\n'
        'Nơi nhận:\n'
        '- Như trên;\n'
        '- Thủ tướng, các PTTg;\n'
        '- Lưu: VT, QHQT (2).\n'
        'KT. BỘ TRƯỞNG, CHỦ NHIỆM\n'
        'PHÓ CHỦ NHIỆM\n'
        'Lê Văn C',
        ['1.', '2.', '3.']),
    'chi_thi_levels': (
        'THỦ TƯỚNG CHÍNH PHỦ\n'
        'Số: 10/CT-TTg\n'
        'Hà Nội, ngày 2 tháng 3 năm 2023\n'
        'CHỈ THỊ\n'
        'Về tăng cường công tác bảo hộ công dân\n'
        'Thời gian qua, công tác bảo hộ công dân đã đạt nhiều kết quả. Tuy nhiên, vẫn còn'
        ' hạn chế.\n'
        'Để khắc phục, Thủ tướng Chính phủ chỉ thị:\n'
        '1. Bộ Ngoại giao:\n'
        'a) Chủ trì, phối hợp với các bộ, ngành rà soát quy trình bảo hộ công dân.\n'
        'b) Chỉ đạo các cơ quan đại diện nắm chắc tình hình cộng đồng.\n'
        '2. Bộ Công an:\n'
        'a) Tăng cường quản lý xuất nhập cảnh.\n'
        'b) Phối hợp với Bộ Ngoại giao xử lý các vụ việc.\n'
        '3. Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương tuyên truyền cho ng'
        'ười dân.\n'
        '4. Tổ chức thực hiện: Các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh chịu trác'
        'h nhiệm thi hành Chỉ thị này./.\n'
        'Nơi nhận:\n'
        '- Ban Bí thư Trung ương Đảng;\n'
        '- Các Bộ, cơ quan ngang bộ;\n'
        '- Lưu: VT, QHQT.\n'
        'THỦ TƯỚNG\n'
        'Nguyễn Văn D',
        [('1.', ['a)', 'b)']), ('2.', ['a)', 'b)']), '3.', '4.']),
    'chi_thi_roman': (
        'CHỈ THỊ\n'
        'Về công tác năm 2024\n'
        'I. TÌNH HÌNH\n'
        'Năm 2023 đã đạt nhiều kết quả quan trọng.\n'
        'II. NHIỆM VỤ, GIẢI PHÁP\n'
        '1. Các bộ, ngành tập trung hoàn thiện thể chế.\n'
        '2. Bộ Kế hoạch và Đầu tư chủ trì tổng hợp.\n'
        'III. TỔ CHỨC THỰC HIỆN\n'
        '1. Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Chỉ thị này.\n'
        '2. Các Bộ trưởng chịu trách nhiệm thi hành Chỉ thị này./.\n'
        'KT. THỦ TƯỚNG\n'
        'PHÓ THỦ TƯỚNG\n'
        'Nguyễn Văn E',
        [('II.', ['1.', '2.']), ('III.', ['1.', '2.'])]),
    'cong_dien': (
        'CÔNG ĐIỆN\n'
        'Về việc chủ động ứng phó bão số 5\n'
        'THỦ TƯỚNG CHÍNH PHỦ điện:\n'
        '- Bộ trưởng các Bộ: Quốc phòng, Công an, Ngoại giao;\n'
        '- Chủ tịch Ủy ban nhân dân các tỉnh ven biển.\n'
        'Để chủ động ứng phó với bão, Thủ tướng Chính phủ yêu cầu:\n'
        '1. Chủ tịch Ủy ban nhân dân các tỉnh ven biển chỉ đạo kiểm đếm tàu thuyền.\n'
        '2. Bộ Quốc phòng chỉ đạo các đơn vị sẵn sàng lực lượng cứu hộ.\n'
        '3. Giao Văn phòng Chính phủ theo dõi, đôn đốc theo chức năng được giao./.\n'
        'Nơi nhận:\n'
        '- Như trên;\n'
        '- Lưu: VT.\n'
        'THỦ TƯỚNG',
        ['1.', '2.', '3.']),
    'ket_luan_inline_thu': (
        'Kết luận cuộc họp, Phó Thủ tướng nêu rõ các nhiệm vụ sau: Thứ nhất, Bộ Ngoại gia'
        'o khẩn trương hoàn thiện đề án; thứ hai, Bộ Tài chính bảo đảm kinh phí; thứ ba, '
        'các cơ quan liên quan phối hợp chặt chẽ.',
        ['Thứ nhất', 'thứ hai', 'thứ ba']),
    'mot_la': (
        'Thủ tướng yêu cầu ngành ngoại giao thực hiện tốt các nhiệm vụ sau.\n'
        'Một là, tiếp tục giữ vững môi trường hòa bình, ổn định.\n'
        'Hai là, đẩy mạnh ngoại giao kinh tế.\n'
        'Ba là, nâng cao chất lượng công tác bảo hộ công dân.',
        ['Một là', 'Hai là', 'Ba là']),
    'ministry_slash': (
        'BỘ NGOẠI GIAO\n'
        'Kính gửi: Các cơ quan đại diện Việt Nam ở nước ngoài\n'
        'Bộ Ngoại giao đề nghị Quý Cơ quan:\n'
        '1/ Rà soát danh sách công dân đang cư trú trên địa bàn.\n'
        '2/ Báo cáo Bộ trước ngày 15/7/2024.\n'
        'Trân trọng./.',
        ['1/', '2/']),
    'inline_dash': (
        'Bộ trưởng yêu cầu: 1- Cục Lãnh sự hướng dẫn các cơ quan đại diện. 2- Vụ Tổ chức '
        'cán bộ bố trí nhân sự. 3- Văn phòng Bộ theo dõi việc thực hiện.',
        ['1-', '2-', '3-']),
    'inline_dot': (
        'Phó Thủ tướng có ý kiến như sau: 1. Giao Bộ Ngoại giao chủ trì xử lý. 2. Bộ Công'
        ' an phối hợp thực hiện.',
        ['1.', '2.']),
    'glued_dot': (
        'Thủ tướng Chính phủ có ý kiến như sau:\n'
        '1.Giao Bộ Ngoại giao chủ trì, phối hợp với Bộ Tư pháp nghiên cứu.\n'
        '2.Bộ Tư pháp có ý kiến bằng văn bản.',
        ['1.', '2.']),
    'sub_numbers': (
        'Ủy ban nhân dân tỉnh yêu cầu:\n'
        '1. Sở Ngoại vụ\n'
        '1.1. Chủ trì tổ chức hội nghị.\n'
        '1.2. Phối hợp với Sở Tài chính lập dự toán.\n'
        '2. Sở Tài chính\n'
        '2.1. Bố trí kinh phí.',
        [('1.', ['1.1.', '1.2.']), ('2.', ['2.1.'])]),
    'alpha_dot': (
        'Thủ tướng giao các nhiệm vụ sau:\n'
        'a. Bộ Ngoại giao chủ trì đàm phán.\n'
        'b. Bộ Công Thương phối hợp cung cấp thông tin.',
        ['a.', 'b.']),
    'no_intro_tasks': (
        '1. Bộ Ngoại giao chủ trì chuẩn bị nội dung.\n'
        '2. Bộ Quốc phòng bảo đảm an ninh.',
        ['1.', '2.']),
    'results': (
        'Năm 2023, ngành ngoại giao đã đạt được nhiều kết quả:\n'
        '- Tổ chức 50 chuyến thăm cấp cao;\n'
        '- Ký kết 120 thỏa thuận hợp tác;\n'
        '- Bảo hộ 3.000 công dân.',
        []),
    'results_no_intro': (
        'Trong năm qua:\n'
        '1. Đã tổ chức 50 chuyến thăm cấp cao.\n'
        '2. Đã ký kết 120 thỏa thuận.',
        []),
    'attendees': (
        'Tham dự buổi làm việc có:\n'
        '- Ông Nguyễn Văn F, Thứ trưởng Bộ Ngoại giao;\n'
        '- Bà Trần Thị G, Vụ trưởng Vụ Lễ tân.',
        []),
    'delegation': (
        'Đoàn công tác gồm các đồng chí:\n'
        '1. Đồng chí Lê Văn H, Phó Chủ tịch Ủy ban nhân dân tỉnh, Trưởng đoàn;\n'
        '2. Đồng chí Phạm Văn I, Giám đốc Sở Ngoại vụ.',
        []),
    'agenda': (
        'Chương trình làm việc như sau:\n'
        '- 8h00: Đón tiếp đại biểu;\n'
        '- 8h30: Khai mạc hội nghị;\n'
        '- 11h30: Bế mạc.',
        []),
    'definitions': (
        'Điều 3. Giải thích từ ngữ\n'
        'Trong Quy chế này, các từ ngữ dưới đây được hiểu như sau:\n'
        '1. Cơ quan đại diện là Đại sứ quán, Tổng Lãnh sự quán.\n'
        '2. Công dân Việt Nam là người có quốc tịch Việt Nam.',
        []),
    'article_clauses': (
        'Điều 5. Trách nhiệm của các cơ quan\n'
        '1. Bộ Ngoại giao chủ trì hướng dẫn thực hiện Quy chế này.\n'
        '2. Bộ Công an phối hợp quản lý xuất nhập cảnh.',
        []),
    'documents': (
        'Các văn bản liên quan:\n'
        '- Nghị định số 12/2020/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định 111/2011'
        ';\n'
        '- Thông tư số 04/2020/TT-BNG hướng dẫn thực hiện Nghị định.',
        []),
    'units_only': (
        'Đối tượng áp dụng\n'
        '1. Các cơ quan nhà nước ở trung ương.\n'
        '2. Ủy ban nhân dân các cấp.\n'
        '3. Các tổ chức, cá nhân có liên quan.',
        []),
    'figures': (
        'Tình hình dịch bệnh trong ngày:\n'
        '1. Số ca mắc mới: 120 ca.\n'
        '2. Số ca khỏi bệnh: 300 ca.',
        []),
    'congratulations': (
        'Nhân dịp này, các nhà lãnh đạo đã gửi điện mừng:\n'
        '- Thủ tướng Nhật Bản Kishida Fumio;\n'
        '- Ngoại trưởng Hoa Kỳ Antony Blinken.',
        []),
    'signature_no_kt': (
        'Thủ tướng Chính phủ yêu cầu:\n'
        '1. Bộ Y tế chủ trì hướng dẫn.\n'
        '2. Bộ Tài chính bảo đảm kinh phí.\n'
        'THỦ TƯỚNG\n'
        '(Đã ký)\n'
        'Nguyễn Văn K\n'
        'Nơi nhận:\n'
        '- Như trên;\n'
        '- Lưu: VT.',
        ['1.', '2.']),
    'closing_glued': (
        'Phó Thủ tướng có ý kiến như sau:\n'
        '1. Đồng ý với đề xuất của Bộ Ngoại giao.\n'
        '2. Giao Bộ Ngoại giao hướng dẫn thực hiện. Văn phòng Chính phủ thông báo để các '
        'cơ quan biết, thực hiện./. Nơi nhận: - Như trên; - Lưu: VT.',
        ['1.', '2.']),
    'press_bullets': (
        'Bộ Ngoại giao thông tin về kết quả chuyến thăm:\n'
        '- Hai bên ký 10 văn kiện hợp tác.\n'
        '- Hai bên nhất trí nâng cấp quan hệ.',
        []),
    'related_news': (
        'Thủ tướng chủ trì hội nghị tổng kết công tác năm.\n'
        'Tin liên quan\n'
        '- Thủ tướng: Ngành ngoại giao phải đi đầu\n'
        '- Bộ trưởng Bùi Thanh Sơn tiếp Đại sứ Nhật Bản',
        []),
    'bases': (
        'Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n'
        'Căn cứ Nghị định số 81/2022/NĐ-CP;\n'
        'Theo đề nghị của Bộ trưởng Bộ Ngoại giao,\n'
        'Thủ tướng Chính phủ yêu cầu:\n'
        '1. Bộ Ngoại giao chủ trì thực hiện.',
        ['1.']),
    'thu_nhat_la': (
        'Bộ trưởng yêu cầu toàn ngành:\n'
        'Thứ nhất là, tiếp tục đổi mới tư duy đối ngoại.\n'
        'Thứ hai là, nâng cao chất lượng nghiên cứu.',
        ['Thứ nhất là', 'Thứ hai là']),
    'inline_bullets': (
        'Thủ tướng yêu cầu: - Bộ Y tế chủ trì hướng dẫn; - Bộ Công an bảo đảm an ninh; - '
        'Các địa phương thực hiện nghiêm.',
        ['-', '-', '-']),
    'range_not_bullets': (
        'Nhiệm kỳ 2021 - 2026 đã đạt nhiều kết quả. Hà Nội - Hải Phòng là tuyến quan trọn'
        'g.',
        []),
    'news_5_nhiem_vu': (
        'Thủ tướng giao 5 nhiệm vụ cho ngành ngoại giao\n'
        '(Chinhphu.vn) - Chiều 20/12, Thủ tướng dự Hội nghị Ngoại giao lần thứ 32.\n'
        'Thủ tướng đề nghị ngành ngoại giao tập trung thực hiện 5 nhiệm vụ trọng tâm.\n'
        'Thứ nhất, tiếp tục quán triệt đường lối đối ngoại độc lập, tự chủ.\n'
        'Thứ hai, chủ động nắm bắt tình hình, nghiên cứu, dự báo chiến lược.\n'
        'Thứ ba, đẩy mạnh ngoại giao kinh tế.\n'
        'Thứ tư, làm tốt công tác bảo hộ công dân.\n'
        'Thứ năm, xây dựng ngành ngoại giao toàn diện, hiện đại.\n'
        'Thủ tướng tin tưởng ngành ngoại giao sẽ hoàn thành tốt nhiệm vụ.',
        ['Thứ nhất', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm']),
    'news_bullets_after_yeu_cau': (
        'Phó Thủ tướng yêu cầu các bộ, ngành:\n'
        '- Khẩn trương hoàn thiện hồ sơ dự án;\n'
        '- Tháo gỡ vướng mắc về mặt bằng;\n'
        '- Báo cáo Thủ tướng trước ngày 15/1.',
        ['-', '-', '-']),
    'vpcp_letter_nested_bullets': (
        'Về đề nghị của Bộ Ngoại giao, Thủ tướng Chính phủ có ý kiến như sau:\n'
        '1. Đồng ý chủ trương tổ chức Tuần Văn hóa Việt Nam tại Nhật Bản.\n'
        '2. Giao Bộ Văn hóa, Thể thao và Du lịch:\n'
        '- Chủ trì xây dựng chương trình;\n'
        '- Phối hợp với Bộ Ngoại giao thu xếp lịch.\n'
        '3. Bộ Tài chính hướng dẫn kinh phí.',
        ['1.', ('2.', ['-', '-']), '3.']),
    'ket_luan_mot_la_inline': (
        'Kết luận, Bộ trưởng yêu cầu: Một là, các đơn vị rà soát kế hoạch; hai là, tăng c'
        'ường phối hợp; ba là, báo cáo định kỳ hằng tháng.',
        ['Một là', 'hai là', 'ba là']),
    'uy_ban_dispatch': (
        'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n'
        'Yêu cầu Giám đốc các Sở, Thủ trưởng các ban, ngành thực hiện ngay các biện pháp '
        'sau đây:\n'
        '1. Tạm dừng các hoạt động tập trung đông người.\n'
        '2. Sở Y tế chủ trì tổ chức xét nghiệm.\n'
        '3. Công an tỉnh bảo đảm an ninh trật tự.\n'
        'Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các đơn vị nghiêm túc thực hiện./.',
        ['1.', '2.', '3.']),
    'decision_article_list': (
        'Điều 1. Thành lập Ban Chỉ đạo gồm các ông, bà có tên sau:\n'
        '1. Ông Nguyễn Văn A, Phó Chủ tịch Ủy ban nhân dân tỉnh - Trưởng ban;\n'
        '2. Bà Lê Thị B, Giám đốc Sở Ngoại vụ - Phó Trưởng ban.\n'
        'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.',
        []),
    'press_release_results': (
        'THÔNG CÁO BÁO CHÍ\n'
        'Kết quả chuyến thăm chính thức\n'
        '1. Hai bên ra Tuyên bố chung về nâng cấp quan hệ.\n'
        '2. Hai bên ký kết 12 văn kiện hợp tác.',
        []),
    'news_figures': (
        'Theo Bộ Y tế, trong ngày:\n'
        '- 1.200 ca mắc mới;\n'
        '- 3.400 bệnh nhân khỏi bệnh;\n'
        '- 12 ca tử vong.',
        []),
    'bio': (
        'Tiểu sử Bộ trưởng\n'
        '- Sinh năm 1962, quê Hà Nội.\n'
        '- 1985-1990: Chuyên viên Vụ Châu Âu.\n'
        '- 2021: Bộ trưởng Bộ Ngoại giao.',
        []),
    'plan_mucdich': (
        'KẾ HOẠCH\n'
        'Triển khai Chỉ thị số 15/CT-TTg\n'
        'I. MỤC ĐÍCH, YÊU CẦU\n'
        '1. Quán triệt đầy đủ nội dung Chỉ thị.\n'
        '2. Xác định rõ trách nhiệm của các đơn vị.\n'
        'II. NHIỆM VỤ CỤ THỂ\n'
        '1. Văn phòng Bộ chủ trì tổng hợp.\n'
        '2. Vụ Tổ chức cán bộ phối hợp thực hiện.',
        [('II.', ['1.', '2.'])]),
    'related_links_list': (
        'Thủ tướng đề nghị các địa phương khẩn trương giải ngân vốn đầu tư công.\n'
        'Xem thêm:\n'
        '- Thủ tướng: Không để thiếu điện trong mọi tình huống\n'
        '- Phó Thủ tướng kiểm tra tiến độ cao tốc Bắc - Nam',
        []),
    'glued_bullets_lines': (
        'Bộ Ngoại giao đề nghị các cơ quan đại diện:\n'
        '-Tăng cường công tác bảo hộ công dân;\n'
        '-Thông báo kịp thời cho cộng đồng người Việt.',
        ['-', '-']),
    'roman_dash': (
        'Thủ tướng Chính phủ chỉ thị:\n'
        'I - NHIỆM VỤ CHUNG\n'
        'Các bộ, ngành tập trung chỉ đạo quyết liệt.\n'
        'II - NHIỆM VỤ CỤ THỂ\n'
        '1 - Bộ Ngoại giao chủ trì vận động.\n'
        '2 - Bộ Công an bảo đảm an ninh.',
        ['I -', ('II -', ['1 -', '2 -'])]),
    'agenda_numbers': (
        'Chương trình Hội nghị:\n'
        '1. Khai mạc, giới thiệu đại biểu.\n'
        '2. Báo cáo tổng kết công tác năm.\n'
        '3. Thảo luận.\n'
        '4. Phát biểu chỉ đạo của lãnh đạo Bộ.',
        []),
    'units_recipients_numbered': (
        'Văn bản này gửi tới:\n'
        '1. Các Bộ, cơ quan ngang Bộ.\n'
        '2. Ủy ban nhân dân các tỉnh, thành phố.',
        []),
    'cong_van_bng_a_b': (
        'Thực hiện chỉ đạo của Thủ tướng Chính phủ, Bộ Ngoại giao đề nghị các Bộ, ngành:\n'
        'a) Rà soát các thỏa thuận quốc tế đã ký;\n'
        'b) Gửi báo cáo về Bộ Ngoại giao trước ngày 30/9/2024.\n'
        'Trân trọng cảm ơn sự phối hợp của Quý Cơ quan./.',
        ['a)', 'b)']),
    'cu_the_nhu_sau': (
        'Thủ tướng yêu cầu các bộ triển khai ngay các biện pháp phòng chống dịch. Cụ thể '
        'như sau:\n'
        '1. Bộ Y tế hướng dẫn cách ly.\n'
        '2. Bộ Ngoại giao thông báo cho các cơ quan đại diện.',
        ['1.', '2.']),
    'headline_intro': (
        'Thủ tướng yêu cầu 3 việc cấp bách ứng phó bão\n'
        '1. Các địa phương sơ tán dân khỏi vùng nguy hiểm.\n'
        '2. Bộ Quốc phòng sẵn sàng lực lượng.\n'
        '3. Đài Truyền hình Việt Nam thông tin kịp thời.',
        ['1.', '2.', '3.']),
    'item_inline_alpha': (
        'Phó Thủ tướng kết luận như sau:\n'
        '1. Bộ Ngoại giao: a) chủ trì chuẩn bị nội dung; b) phối hợp với Bộ Công an về an'
        ' ninh.\n'
        '2. Bộ Tài chính bố trí kinh phí.',
        [('1.', ['a)', 'b)']), '2.']),
    've_headings_paras': (
        'Bộ trưởng kết luận như sau:\n'
        '1. Về công tác bảo hộ công dân:\n'
        'Các cơ quan đại diện cần theo dõi sát tình hình.\n'
        '2. Về công tác thông tin đối ngoại:\n'
        'Vụ Thông tin báo chí chủ trì thông tin kịp thời.',
        ['1.', '2.']),
    'neu_ro': (
        'Phát biểu tại hội nghị, Bộ trưởng nêu rõ:\n'
        '- Các đơn vị cần nâng cao chất lượng tham mưu;\n'
        '- Tăng cường kỷ luật, kỷ cương hành chính.',
        ['-', '-']),
    'report_with_nhu_sau': (
        'Kết quả thực hiện nhiệm vụ năm 2023 như sau:\n'
        '1. Hoàn thành 95% chỉ tiêu kế hoạch.\n'
        '2. Tổ chức thành công 12 hội nghị quốc tế.',
        []),
    'results_then_tasks': (
        'Năm qua, Bộ đã đạt được các kết quả:\n'
        '- Ký kết 30 thỏa thuận;\n'
        '- Bảo hộ 2.000 công dân.\n'
        'Năm tới, Bộ trưởng yêu cầu các đơn vị:\n'
        '- Tiếp tục đổi mới công tác tham mưu;\n'
        '- Chủ động nắm bắt tình hình.',
        ['-', '-']),
    'cau_hoi_phong_van': (
        'Phóng viên: Xin Bộ trưởng cho biết những nhiệm vụ trọng tâm?\n'
        'Bộ trưởng: Chúng tôi tập trung vào ba việc chính.\n'
        'Thứ nhất, hoàn thiện thể chế.\n'
        'Thứ hai, nâng cao năng lực cán bộ.',
        ['Thứ nhất', 'Thứ hai']),
    'two_top_lists_kinh_gui': (
        'Kính gửi:\n'
        '- Bộ Ngoại giao;\n'
        '- Bộ Công an.\n'
        'Thủ tướng Chính phủ có ý kiến như sau:\n'
        '1. Bộ Ngoại giao chủ trì.\n'
        '2. Bộ Công an phối hợp.',
        ['1.', '2.']),
    'timeline_news': (
        'Diễn biến vụ việc:\n'
        '- Ngày 5/3: Tàu cá bị bắt giữ.\n'
        '- Ngày 7/3: Bộ Ngoại giao gửi công hàm phản đối.',
        []),
    'numbered_people_with_roles': (
        'Danh sách khen thưởng:\n'
        '1. Ông Nguyễn Văn A, Vụ trưởng Vụ Lễ tân;\n'
        '2. Bà Trần Thị B, Chuyên viên chính.',
        []),
    'mot_la_no_intro_news': (
        'Theo Thủ tướng, ngành cần làm tốt mấy việc.\n'
        'Một là, đổi mới tư duy.\n'
        'Hai là, nâng cao năng lực dự báo.',
        ['Một là', 'Hai là']),
    'tb_ket_luan_full': (
        'VĂN PHÒNG CHÍNH PHỦ\n'
        'Số: 45/TB-VPCP\n'
        'Hà Nội, ngày 12 tháng 2 năm 2024\n'
        'THÔNG BÁO\n'
        'Kết luận của Phó Thủ tướng Lê Văn M tại cuộc họp về công tác người Việt Nam ở nư'
        'ớc ngoài\n'
        'Ngày 5 tháng 2 năm 2024, Phó Thủ tướng Lê Văn M chủ trì cuộc họp. Tham dự cuộc h'
        'ọp có đại diện lãnh đạo các Bộ: Ngoại giao, Công an, Tư pháp.\n'
        'Sau khi nghe báo cáo, Phó Thủ tướng kết luận như sau:\n'
        '1. Đánh giá cao Bộ Ngoại giao đã chủ động chuẩn bị.\n'
        '2. Bộ Ngoại giao chủ trì, phối hợp với Bộ Tư pháp hoàn thiện dự thảo Nghị định, '
        'trình Chính phủ trong tháng 3 năm 2024.\n'
        '3. Bộ Công an hướng dẫn thủ tục xuất nhập cảnh.\n'
        'Văn phòng Chính phủ thông báo để các cơ quan liên quan biết, thực hiện./.\n'
        'Nơi nhận:\n'
        '- Thủ tướng, các Phó Thủ tướng;\n'
        '- Các Bộ: Ngoại giao, Công an, Tư pháp;\n'
        '- Lưu: VT, QHQT.\n'
        'KT. BỘ TRƯỞNG, CHỦ NHIỆM\n'
        'PHÓ CHỦ NHIỆM\n'
        'Trần Văn N',
        # "1. Đánh giá cao ..." appraises what was done: no task for a reviewer (as the
        # round-2 conclusion notices are labelled: "1. Hoan nghênh ..." is no item).
        ['2.', '3.']),
    'cong_dien_sub': (
        'Thủ tướng Chính phủ yêu cầu:\n'
        '1. Chủ tịch Ủy ban nhân dân các tỉnh:\n'
        'a) Tổ chức kiểm tra, rà soát các khu dân cư.\n'
        'b) Chủ động sơ tán người dân.\n'
        '2. Các Bộ: Quốc phòng, Công an chỉ đạo lực lượng sẵn sàng cứu hộ.\n'
        '3. Văn phòng Chính phủ theo dõi, đôn đốc./.\n'
        'Nơi nhận:\n'
        '- Như trên;\n'
        'THỦ TƯỚNG',
        [('1.', ['a)', 'b)']), '2.', '3.']),
    'news_quote_list': (
        'Phát biểu chỉ đạo, Bộ trưởng nhấn mạnh một số nội dung:\n'
        'Thứ nhất, toàn ngành cần quán triệt sâu sắc Nghị quyết.\n'
        'Thứ hai, đổi mới phương thức đối ngoại.\n'
        'Cuối cùng, Bộ trưởng chúc các đại biểu sức khỏe.',
        ['Thứ nhất', 'Thứ hai']),
    'news_numbered_results': (
        'Năm 2024, Việt Nam đã tổ chức thành công nhiều hoạt động đối ngoại quan trọng.\n'
        '1. Tổng Bí thư thăm chính thức 5 nước.\n'
        '2. Thủ tướng dự 3 hội nghị cấp cao đa phương.',
        []),
    'decision_no_header': (
        'Phê duyệt Đề án phát triển đối ngoại với các nội dung chủ yếu sau:\n'
        'I. MỤC TIÊU\n'
        '1. Mục tiêu chung\n'
        'Nâng cao vị thế quốc gia.\n'
        'II. NHIỆM VỤ VÀ GIẢI PHÁP\n'
        '1. Hoàn thiện thể chế.\n'
        '2. Đào tạo cán bộ.',
        [('II.', ['1.', '2.'])]),
    'letter_kinh_de_nghi': (
        'Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n'
        'Để chuẩn bị cho Hội nghị, Bộ Ngoại giao trân trọng đề nghị Quý Ủy ban:\n'
        '1. Cử đại diện lãnh đạo tham dự Hội nghị.\n'
        '2. Gửi danh sách đại biểu về Bộ Ngoại giao trước ngày 10/10/2024.\n'
        'Thông tin chi tiết xin liên hệ: Vụ Tổng hợp kinh tế, điện thoại 024.123456.\n'
        'Trân trọng cảm ơn./.',
        ['1.', '2.']),
    'thong_bao_tuyen_dung': (
        'Thông báo tuyển dụng công chức năm 2024\n'
        '1. Số lượng: 20 chỉ tiêu.\n'
        '2. Điều kiện dự tuyển: Có quốc tịch Việt Nam, tốt nghiệp đại học.\n'
        '3. Hồ sơ gồm: Đơn đăng ký, bản sao văn bằng.',
        []),
    'faq': (
        'Hỏi đáp về thủ tục cấp hộ chiếu\n'
        '1. Hộ chiếu phổ thông có thời hạn bao lâu?\n'
        '2. Trẻ em dưới 14 tuổi có được cấp hộ chiếu không?',
        []),
    'interview_bullets': (
        'Theo Thứ trưởng, trong năm tới Bộ sẽ ưu tiên:\n'
        '- Tiếp tục triển khai Chiến lược ngoại giao kinh tế;\n'
        '- Nâng cao hiệu quả công tác bảo hộ công dân.',
        ['-', '-']),
    'ubnd_cong_van': (
        'ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA\n'
        'Số: 456/UBND-NC\n'
        'Khánh Hòa, ngày 8 tháng 8 năm 2023\n'
        'Kính gửi: Sở Ngoại vụ; Công an tỉnh; Sở Tư pháp.\n'
        'Thực hiện Công văn số 789/BNG-LS của Bộ Ngoại giao, Chủ tịch Ủy ban nhân dân tỉn'
        'h có ý kiến chỉ đạo như sau:\n'
        '1. Giao Sở Ngoại vụ chủ trì, phối hợp với Công an tỉnh rà soát các trường hợp cô'
        'ng dân tỉnh đang ở nước ngoài.\n'
        '2. Sở Tư pháp hướng dẫn thủ tục hợp pháp hóa lãnh sự.\n'
        '3. Các đơn vị báo cáo kết quả về Ủy ban nhân dân tỉnh (qua Sở Ngoại vụ) trước ng'
        'ày 30/8/2023./.\n'
        'Nơi nhận:\n'
        '- Như trên;\n'
        '- Lưu: VT.\n'
        'KT. CHỦ TỊCH\n'
        'PHÓ CHỦ TỊCH\n'
        'Nguyễn Văn P',
        ['1.', '2.', '3.']),
    'news_pm_5_nhom': (
        'Thủ tướng yêu cầu đẩy mạnh giải ngân vốn đầu tư công\n'
        'Chiều 3/7, Thủ tướng chủ trì Hội nghị trực tuyến.\n'
        'Kết luận hội nghị, Thủ tướng yêu cầu các bộ, ngành, địa phương tập trung vào 5 n'
        'hóm giải pháp:\n'
        'Một là, nâng cao nhận thức, trách nhiệm của người đứng đầu.\n'
        'Hai là, tháo gỡ vướng mắc về giải phóng mặt bằng.\n'
        'Ba là, đẩy nhanh tiến độ thi công.\n'
        'Bốn là, tăng cường kiểm tra, giám sát.\n'
        'Năm là, xử lý nghiêm các vi phạm.\n'
        'Thủ tướng tin tưởng các cấp sẽ hoàn thành mục tiêu.',
        ['Một là', 'Hai là', 'Ba là', 'Bốn là', 'Năm là']),
    'news_list_of_projects': (
        'Năm 2023, tỉnh khởi công các dự án trọng điểm:\n'
        '- Dự án cao tốc Khánh Hòa - Buôn Ma Thuột;\n'
        '- Dự án mở rộng sân bay Cam Ranh;\n'
        '- Dự án cảng biển Vân Phong.',
        []),
    'thanh_phan_doan': (
        'Thành phần đoàn công tác:\n'
        '1. Thứ trưởng Bộ Ngoại giao - Trưởng đoàn;\n'
        '2. Đại diện Cục Lãnh sự;\n'
        '3. Đại diện Vụ Đông Nam Á.',
        []),
    'bng_de_nghi_bullets': (
        'Để bảo đảm an toàn cho công dân, Bộ Ngoại giao khuyến cáo công dân Việt Nam:\n'
        '- Hạn chế đi lại đến các khu vực có xung đột;\n'
        '- Liên hệ ngay với Đại sứ quán khi cần hỗ trợ qua số điện thoại bảo hộ công dân.',
        ['-', '-']),
    'kl_thu_nhat_long': (
        'Thay mặt Thường trực Chính phủ, Phó Thủ tướng kết luận:\n'
        'Thứ nhất, thống nhất đánh giá kết quả đạt được trong 6 tháng đầu năm.\n'
        'Thứ hai, trong 6 tháng cuối năm, các bộ, ngành cần tập trung thực hiện các nhiệm'
        ' vụ sau:\n'
        'a) Bộ Kế hoạch và Đầu tư tổng hợp tình hình;\n'
        'b) Bộ Tài chính điều hành ngân sách chặt chẽ.\n'
        'Thứ ba, giao Văn phòng Chính phủ theo dõi, đôn đốc.',
        ['Thứ nhất', ('Thứ hai', ['a)', 'b)']), 'Thứ ba']),
    'quyet_dinh_khen': (
        'Tặng Bằng khen của Bộ trưởng Bộ Ngoại giao cho các tập thể sau:\n'
        '1. Vụ Lễ tân Nhà nước;\n'
        '2. Cục Lãnh sự;\n'
        '3. Đại sứ quán Việt Nam tại Nhật Bản.',
        []),
    'report_tinh_hinh_numbered': (
        'Về tình hình thực hiện, Bộ Ngoại giao báo cáo như sau:\n'
        '1. Bộ đã ban hành Kế hoạch triển khai.\n'
        '2. Các cơ quan đại diện đã tổ chức quán triệt.\n'
        '3. Một số khó khăn, vướng mắc.',
        []),
    'flattened_letter': (
        'BỘ NGOẠI GIAO | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
        'Số: 321/BNG-LS | Hà Nội, ngày 2 tháng 6 năm 2022\n'
        'Kính gửi: Các cơ quan đại diện Việt Nam ở nước ngoài. Nhằm tăng cường công tác b'
        'ảo hộ công dân, Bộ Ngoại giao đề nghị các Cơ quan: 1. Theo dõi sát tình hình địa'
        ' bàn. 2. Cập nhật danh sách công dân. 3. Báo cáo Bộ (qua Cục Lãnh sự) khi có vụ '
        'việc./. Nơi nhận: - Như trên; - Lưu: VT, LS. | TL. BỘ TRƯỞNG CỤC TRƯỞNG CỤC LÃNH'
        ' SỰ',
        ['1.', '2.', '3.']),
    'news_cong_dien_summary': (
        'Thủ tướng ký công điện chỉ đạo ứng phó mưa lũ\n'
        'Theo đó, Thủ tướng yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh miền Trung theo dõi'
        ' chặt chẽ diễn biến mưa lũ. Bộ Quốc phòng, Bộ Công an chỉ đạo lực lượng đóng trê'
        'n địa bàn sẵn sàng hỗ trợ.',
        []),
    'decision_list_members': (
        'Ban Chỉ đạo gồm:\n'
        '- Trưởng ban: Phó Chủ tịch Ủy ban nhân dân tỉnh;\n'
        '- Phó Trưởng ban: Giám đốc Sở Ngoại vụ;\n'
        '- Các thành viên: Lãnh đạo các sở, ngành.',
        []),
    'direct_nested_dash_plus': (
        'Thủ tướng Chính phủ yêu cầu:\n'
        '1. Bộ Ngoại giao:\n'
        '- Chủ trì vận động quốc tế:\n'
        '+ Tổ chức họp báo;\n'
        '+ Thông tin cho các đối tác.\n'
        '- Phối hợp với Bộ Tài chính.\n'
        '2. Bộ Tài chính bố trí kinh phí.',
        [('1.', [('-', ['+', '+']), '-']), '2.']),
    'news_thu_hai_weekday_noise': (
        'Thứ hai, ngày 5/6/2023, Bộ trưởng làm việc với Cục Lãnh sự.\n'
        'Bộ trưởng đề nghị Cục Lãnh sự rà soát quy trình.',
        []),
    'conclusion_about_sections': (
        'Phó Thủ tướng kết luận:\n'
        '1. Về tình hình: Thời gian qua, các bộ đã tích cực triển khai.\n'
        '2. Về nhiệm vụ thời gian tới: Các bộ, ngành tiếp tục thực hiện nghiêm Chỉ thị số'
        ' 12.',
        ['1.', '2.']),
    'statistics_numbered_no_intro': (
        '1. Xuất khẩu đạt 350 tỷ USD, tăng 10%.\n'
        '2. Thu hút 20 tỷ USD vốn đầu tư nước ngoài.\n'
        '3. Đón 12 triệu lượt khách quốc tế.',
        []),
    'tasks_with_figures': (
        'Thủ tướng yêu cầu phấn đấu:\n'
        '1. Tăng trưởng kinh tế đạt 8%.\n'
        '2. Giải ngân 100% vốn đầu tư công.',
        ['1.', '2.']),
    'statement_of_policy_news': (
        'Người phát ngôn Bộ Ngoại giao trả lời câu hỏi của phóng viên:\n'
        '- Việt Nam có đủ cơ sở pháp lý và bằng chứng lịch sử khẳng định chủ quyền.\n'
        '- Việt Nam đề nghị các bên liên quan tôn trọng chủ quyền của Việt Nam.',
        []),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pattern(name: str) -> None:
    text, expected = CASES[name]
    assert _tree(extract_directive(text)["items"]) == expected


FINDINGS = ("TỔNG CỤC THUẾ\nSố: 12/TCT-TTKT\nKính gửi: Cục Thuế các tỉnh.\n"
            "{intro}\n"
            "- Một số Cục Thuế chưa báo cáo đầy đủ kết quả thanh tra, kiểm tra.\n"
            "- Việc đôn đốc thu nợ qua thanh tra còn chưa được quan tâm, sát sao.\n")


@pytest.mark.parametrize("intro", [
    "Qua thanh tra, kiểm tra 9 tháng tại các Cục Thuế cho thấy:",
    "Tổng cục Thuế nhận thấy việc báo cáo theo chỉ đạo tại Công văn số 997/TCT-TTKT còn phát "
    "sinh một số tồn tại, cụ thể:",
])
def test_a_list_of_findings_or_shortcomings_is_no_task_list(intro: str) -> None:
    assert extract_directive(FINDINGS.format(intro=intro))["items"] == []


def test_shortcomings_followed_by_a_request_are_tasks() -> None:
    # Counter-case: the same sentence goes on to ask for the list's work.
    intro = "Việc báo cáo còn một số hạn chế, đề nghị các Cục Thuế khắc phục các nội dung sau:"
    assert _tree(extract_directive(FINDINGS.format(intro=intro))["items"]) == ["-", "-"]


PROGRAMME = ("Chương trình Đại hội doanh nhân\n\nNgày 19/09/2009:\n\n{intro}\n\n"
             "1- Tuyên bố lý do, chào mừng quan khách.\n2- Báo cáo tổng kết hoạt động nhiệm kỳ.\n"
             "3- Trình bày phương hướng hoạt động.\n")


@pytest.mark.parametrize("intro", ["Khai mạc Đại hội: 09h00", "Buổi chiều (14:30):",
                                   "Phiên thảo luận, 8 giờ 30:"])
def test_a_programmes_time_slot_heads_no_task_list(intro: str) -> None:
    assert extract_directive(PROGRAMME.format(intro=intro))["items"] == []


def test_a_deadline_with_a_request_still_heads_tasks() -> None:
    # Counter-case: a clock time in an introducer that asks is a deadline, not a slot.
    intro = "Trước 17h00 ngày 20/9, đề nghị các hội triển khai:"
    assert _tree(extract_directive(PROGRAMME.format(intro=intro))["items"]) == ["1-", "2-", "3-"]


@pytest.mark.parametrize("heading", ["Trình tự thực hiện", "Tên bước  Mô tả bước",
                                     "Cách thức thực hiện:"])
def test_a_procedure_pages_steps_are_no_tasks(heading: str) -> None:
    page = (f"Cấp lại hộ chiếu phổ thông ở nước ngoài\n\n{heading}\n\n"
            "1. Nhận hồ sơ. Nộp hồ sơ tại trụ sở Cơ quan đại diện.\n"
            "2. Cơ quan đại diện xem xét giải quyết, cấp hộ chiếu trong 05 ngày làm việc.\n"
            "3. Trả kết quả. Nhận kết quả trực tiếp tại trụ sở.\n")
    assert extract_directive(page)["items"] == []


def test_steps_to_carry_out_under_a_request_are_tasks() -> None:
    # Counter-case: "thực hiện" in a request is no procedure's section heading.
    letter = ("Bộ Ngoại giao đề nghị các Cơ quan đại diện khẩn trương thực hiện:\n"
              "1. Rà soát hồ sơ cấp hộ chiếu tồn đọng.\n2. Báo cáo kết quả trước ngày 30/6.\n")
    assert _tree(extract_directive(letter)["items"]) == ["1.", "2."]
