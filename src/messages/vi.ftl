# Lời của dòng lệnh bằng tiếng Việt. Mỗi thông báo ở đây đều có trong en.ftl (một phép thử
# giữ điều đó). Tiếng Việt không chia số nhiều: danh từ đứng nguyên sau con số.

app-about = Dựng trang lưu trữ văn bản chỉ đạo từ thư mục Markdown
heading-usage = Cách dùng:
heading-commands = Lệnh
heading-options = Tùy chọn
heading-arguments = Đối số
arg-help = In hướng dẫn
arg-version = In phiên bản
arg-lang = Ngôn ngữ của thông báo và hướng dẫn: vi hoặc en (mặc định: theo LC_ALL, LC_MESSAGES hoặc LANG)
arg-root = Thư mục trang, chứa content/ (mặc định: thư mục hiện tại)

cmd-build = Dựng ROOT/content/ thành ROOT/public/ (hoặc --output)
arg-build-output = Nơi ghi trang (mặc định: ROOT/public)
arg-build-drafts = Đăng cả dự thảo chưa ký, có dấu DỰ THẢO
arg-build-base_url = Địa chỉ trang được đăng (cho nguồn tin Atom và sơ đồ trang)

cmd-import = Chuyển văn bản đã ký (.txt, .docx, .doc, .pdf, .html) thành tệp nội dung, điền các trường từ văn bản
arg-import-files = Các tệp cần chuyển

cmd-serve = Dựng trang, phục vụ ở 127.0.0.1, dựng lại khi tệp đổi và tải lại các trang đang mở
arg-serve-port = Cổng lắng nghe; 0 để chọn một cổng trống

cmd-sync = Chép trang đã dựng sang DEST (USB, thư mục chia sẻ) và kiểm tra bản chép, chỉ chép những gì đã đổi
arg-sync-dest = Thư mục nhận bản chép: trống, hoặc bản vanban đã chép trước đó
arg-sync-verify = Chỉ kiểm tra DEST theo danh sách tệp của nó: báo tệp hỏng, thiếu và thừa
arg-sync-checksum = Đọc lại mọi tệp trên DEST thay vì tin cỡ và thời gian: chép lại những tệp --verify thấy hỏng

cmd-check = Báo mọi lỗi và cảnh báo mà không ghi gì; trả mã 1 khi có lỗi
arg-check-format = text để người đọc, json cho chương trình

cmd-new = Tạo tệp văn bản mới có sẵn mọi khóa, điền trước những gì đã biết; không bao giờ ghi đè
arg-new-number = Số, ký hiệu: 44-CV/HU
arg-new-issuer = Cơ quan ban hành
arg-new-date = Ngày ban hành (mặc định: hôm nay)
arg-new-doc_type = Loại văn bản: Công văn, Thông báo…

error = lỗi: { $message }
warning = cảnh báo: { $message }
unit-pages = trang
unit-files = tệp

build-summary = đã dựng { $documents } văn bản ({ $withheld } không đăng), { $pages } trang vào { $output } trong { $seconds } giây; trang: { $added } thêm, { $changed } đổi, { $removed } bỏ ({ $files } tệp mới hoặc đổi); { $citations }; { $warnings ->
        [0] không có cảnh báo
       *[other] { $warnings } cảnh báo
    }
citations-linked = { $count } trích dẫn trỏ tới văn bản trong kho
citations-outside = { $count } trích dẫn trỏ tới văn bản ngoài kho
citations-unlinked = { $count } trích dẫn chưa nối được (xem vanban check)
citations-none = không có trích dẫn
build-failed-kept = dựng trang không thành{ $errors ->
        [0] {""}
       *[other] {" "}({ $errors } lỗi)
    }; bản đã dựng trước ở { $output } được giữ nguyên
build-failed-nothing = dựng trang không thành{ $errors ->
        [0] {""}
       *[other] {" "}({ $errors } lỗi)
    }; chưa ghi gì

serve-ready = Đang phục vụ ở { $url } (Ctrl-C để dừng)
serve-updated = đã cập nhật { $files }: { $pages } trang trong { $ms } ms
serve-searchable = đã làm mới chỉ mục tìm kiếm trong { $ms } ms
serve-failed-serving = dựng trang không thành; vẫn phục vụ bản tốt gần nhất
serve-failed-nothing = dựng trang không thành; chưa có trang nào để phục vụ cho tới khi dựng được
serve-stopped = đã dừng
serve-no-ctrlc = không bắt được Ctrl-C: { $reason }

sync-completed = đã chép nốt lần chép trước bị ngắt giữa chừng
sync-repaired = { $count } tệp trên { $dest } không đúng như danh sách (thiết bị làm hỏng, hoặc lần chép bị ngắt) nên đã được chép lại:
sync-up-to-date = { $dest } đã khớp với trang: không có gì để chép ({ $unchanged } tệp không đổi)
sync-done = đã chép sang { $dest }: { $copied } tệp ({ $size }), đã đọc lại để kiểm tra; { $removed } tệp bỏ, { $unchanged } tệp không đổi
verify-corrupted = hỏng: { $path }
verify-missing = thiếu: { $path }
verify-extra = thừa: { $path }
verify-interrupted = bị ngắt: lần chép gần nhất sang { $dest } chưa xong; chạy lại `vanban sync`
verify-good = { $dest }: cả { $files } tệp đều khớp với danh sách
verify-bad = { $dest }: { $corrupted } tệp hỏng, { $missing } thiếu, { $extra } thừa, trên { $files } tệp trong danh sách
verify-hint = `vanban sync --checksum { $dest }` sẽ chép lại các tệp hỏng và thiếu
