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

## Lỗi trong tệp: phần sau `đường-dẫn:dòng: lỗi: khóa:`. Chữ trong `dấu huyền` trích từ
## tệp, giữ nguyên như đã viết.
plain = { $message }
io-not-found = không tồn tại
io-permission-denied = không có quyền truy cập
io-already-exists = đã có
io-storage-full = ổ đĩa đã đầy
io-read-only = ổ đĩa chỉ cho đọc
io-invalid-data = không phải văn bản UTF-8 hợp lệ
io-addr-in-use = một chương trình khác đang dùng cổng này (chọn cổng khác bằng --port; 0 là cổng trống bất kỳ)
file-unreadable = không đọc được: { $reason }
file-unwritable = không ghi được: { $reason }
file-too-large = nặng { $size } MB, lớn hơn mức một văn bản có thể có ({ $max } MB); có đúng tệp không?
file-utf16 = là văn bản UTF-16; hãy lưu lại dạng UTF-8 (hoặc dùng `vanban import`)
file-binary = là tệp nhị phân, không phải văn bản Markdown
file-not-utf8 = không phải văn bản UTF-8 (byte sai đầu tiên ở dòng { $line }); hãy lưu lại dạng UTF-8
content-missing = không có thư mục nội dung: hãy đặt mỗi văn bản một tệp Markdown trong { $path }
front-matter-missing = thiếu phần khai báo đầu tệp: tệp phải mở đầu bằng một dòng `---`, tiếp theo là các khóa, rồi `---`
front-matter-unclosed = phần khai báo đầu tệp mở bằng `---` nhưng không có dòng `---` đóng lại
front-matter-not-mapping = phần khai báo đầu tệp phải gồm các dòng `khóa: giá trị`
yaml-invalid = YAML không hợp lệ: { $message }
yaml-too-deep = YAML không hợp lệ: `[` hoặc `{"{"}` lồng nhau quá { $depth } cấp
key-not-text = có một khóa không phải là chữ
key-twice = được khai hai lần, là `{ $first }` và `{ $written }`
key-required = bắt buộc phải có (`{ $key }` hoặc `{ $alias }`)
unknown-key = khóa `{ $key }` không có trong danh mục
unknown-key-near = khóa `{ $key }` không có trong danh mục; có phải ý là `{ $near }`?
unknown-key-in = khóa `{ $key }` { $place } không có trong danh mục
unknown-key-in-near = khóa `{ $key }` { $place } không có trong danh mục; có phải ý là `{ $near }`?
in-key = trong { $key }
in-entry = trong một mục
unknown-key-withholding = khóa `{ $key }` không có trong danh mục; có phải ý là `{ $near }`? Khóa giữ văn bản lại không đăng phải viết đúng là `{ $near }`, nếu không văn bản sẽ bị đăng
unknown-keys-more = còn { $count } khóa lạ nữa sau { $named } khóa trên: đây có phải phần khai báo của một văn bản không?
value-is-list = cần một giá trị chữ, nhưng gặp một danh sách
value-is-map = cần một giá trị chữ, nhưng gặp một bảng khóa
list-item = mục { $item }: { $message }
value-not-boolean = cần true hoặc false (có hoặc không), nhưng gặp `{ $value }`
value-not-boolean-kind = cần true hoặc false (có hoặc không)
date-not-year = `{ $value }` không phải là năm
date-not-date = `{ $value }` không phải là ngày; hãy viết 11/11/2018 (ngày trước) hoặc 2018-11-11
date-not-real = `{ $value }` không phải là ngày có thật
date-only-year = `{ $value }` mới chỉ có năm; văn bản đã ký cần ghi đủ ngày tháng năm (hoặc đặt `draft: true`)
type-unknown = không xác định được loại văn bản từ số, ký hiệu `{ $value }`; hãy thêm `type` (Công văn, Thông báo, Kế hoạch…)
slug-too-long = `{ $value }…` tạo ra tên tệp dài { $length } ký tự; tên trang (và bản chép trên USB) chỉ chứa được tối đa { $max }: hãy rút ngắn
slug-reserved = `{ $value }` là tên Windows dành riêng: bản chép của trang trên USB định dạng FAT hoặc NTFS không chứa được `{ $value }.html`; hãy chọn tên khác
html-too-deep = HTML lồng nhau quá { $depth } cấp: phần thân được hiện kèm mã HTML dưới dạng chữ
attachment-absolute = `{ $name }` là đường dẫn tuyệt đối; hãy ghi tên một tệp nằm cạnh văn bản
attachment-missing = không có `{ $name }` cạnh văn bản
attachment-outside = `{ $name }` trỏ ra ngoài content/; bị từ chối
attachment-refused = `{ $name }` { $message }
attachment-control = `{ $name }` có dấu xuống dòng, ký tự điều khiển hoặc dấu gạch ngược trong tên; hãy đổi tên tệp
attachment-not-portable = `{ $name }` { $why }, điều mà USB định dạng FAT hoặc NTFS không chứa được: bản chép của trang trên đó sẽ thiếu tệp này; hãy đổi tên tệp
attachment-twice = có hai tệp đính kèm cùng tên `{ $name }`
attachment-kind = không phải loại tệp vanban đăng (trang web, mã lệnh hoặc loại tệp lạ có thể chạy trong trình duyệt của người đọc); chỉ đính kèm các loại: { $allowed }
attachment-masquerade = mang đuôi .{ $ext } nhưng nội dung không phải loại đó ({ $found }): bị từ chối, vì trình duyệt có thể coi nó là một trang web
magic-pdf = tệp PDF bắt đầu bằng `%PDF-`
magic-office = tệp văn phòng bắt đầu bằng chữ ký của định dạng
magic-text = tệp chữ không chứa mã đánh dấu hay byte nhị phân
magic-other = tệp ảnh hoặc tệp nén bắt đầu bằng chữ ký của định dạng
path-missing = không tồn tại
link-dangling = là liên kết tượng trưng trỏ tới chỗ không có: đích của nó không tồn tại
link-outside = là liên kết tượng trưng trỏ ra ngoài { $bound }; bị từ chối
link-not-plain = là liên kết tượng trưng trỏ tới { $kind }, không phải tệp thường; bị từ chối
not-a-folder = là một tệp, không phải thư mục; bị từ chối
not-a-plain-file = là { $kind }, không phải tệp thường; bị từ chối
the-site-folder = thư mục trang
kind-pipe = một ống dẫn có tên (named pipe)
kind-socket = một socket
kind-device = một thiết bị
kind-folder = một thư mục
kind-other = một thứ khác
at-least-one = phải từ 1 trở lên
theme-bad-name = `{ $value }` không phải tên thư mục giao diện (chỉ gồm chữ cái, chữ số, - và _)
url-not-http = `{ $value }` phải bắt đầu bằng http:// hoặc https://
entry-no-name = có một mục để trống `name`
words-not-mapping = phải là một bảng khóa và chữ
words-relations-not-mapping = phải là một bảng quan hệ và chữ
words-not-text = mỗi từ phải là chữ: { $message }
page-name-taken = tên trang `{ $name }` đã thuộc về { $path }; trang này là `{ $name }-2.html`
number-twice = số { $value } cũng đã dùng ở { $path } (cùng cơ quan ban hành, cùng năm)
name-in-file = `{ $name }` trong { $path }
parents-differ = các văn bản của `{ $name }` ghi cơ quan chủ quản khác nhau: dùng `{ $used }`, không dùng { $others }; hãy khai trong { $config }
parents-cycle = cơ quan `{ $first }` và `{ $second }` ghi nhau là cơ quan chủ quản; bỏ liên kết này
names-fold-alike = `{ $first }` và `{ $second }` là hai tên khác nhau nhưng địa chỉ web bỏ dấu thì trùng nhau; vẫn để riêng là { $page } và { $other } (nếu là một, hãy thêm tên gọi khác trong { $config })
and-more = và { $count } tệp nữa
citation-ambiguous = trích dẫn { $number } khớp với { $count } văn bản ({ $files }) nên không được nối; hãy ghi tên cơ quan ban hành sau "của" hoặc ghi ngày
themes-into-content = là liên kết tượng trưng trỏ vào content/; bị từ chối
theme-not-found = không tìm thấy giao diện `{ $name }`: không có thư mục themes/{ $name }/
template-error = lỗi mẫu trang: { $message }
cannot-render = không dựng được { $what }: { $message }
attachment-not-copied = không chép được tệp đính kèm `{ $name }`: { $reason }
name-has-char = có `{ $char }` trong tên
name-reserved = là tên Windows dành riêng cho thiết bị
name-trailing-dot = kết thúc bằng dấu chấm hoặc dấu cách, thứ Windows tự bỏ đi
path-not-portable = { $why }, điều mà USB định dạng FAT32 hoặc exFAT không chứa được
path-too-long = dài { $length } ký tự; bản chép trên USB chỉ mở được trên Windows khi đường dẫn tối đa { $max } ký tự
path-case-twin = chỉ khác `{ $other }` ở chữ hoa, chữ thường: USB định dạng FAT32 hoặc exFAT chỉ chứa được một trong hai
output-legacy-kept = { $output } do một bản vanban cũ ghi, bản đó không giữ danh sách tệp nên không tệp nào bị xóa: thư mục nay là { $kept }; hãy xóa thư mục ấy sau khi đã kiểm tra không có gì của bạn trong đó
output-added-kept = các tệp được thêm vào { $output } trong lúc dựng trang không bị xóa: chúng nằm trong { $kept }
import-unreadable = không đọc được: { $reason }
import-exists = đã có, không ghi đè (khi nhập { $source })
import-unwritable = không ghi được (khi nhập { $source }): { $reason }
import-wrote = { $path } (từ { $source })
import-draft = dự thảo (chưa có số hoặc chưa có ngày)
import-missing = không tìm thấy, để trống: { $keys }
import-8bit = mã 8 bit { $encoding }
import-converted = văn bản mã { $encoding } đã chuyển sang Unicode
import-not-text = không phải văn bản UTF-8, UTF-16, TCVN3 hay VNI: hãy lưu thành UTF-8 hoặc .docx
import-check = kiểm tra: { $fields }
check-field = { $key } ({ $why })
check-number-ocr = đọc qua lỗi nhận dạng chữ (Ư thay U)
check-from-portal = lấy từ phần thuộc tính của trang web, không từ đầu văn bản
check-date-unreal = ngày { $date } không có thật, chỉ giữ năm
check-place-long = địa danh dài bất thường
check-type-differs = ký hiệu số chỉ { $number }, tên loại ghi { $title }
check-issuer-guessed = không thấy dòng tên cơ quan, đoán từ ký hiệu số và địa danh
check-issuer-lines = đầu văn bản có { $count } dòng tên cơ quan, lấy hai dòng cuối
notes-two = { $first }; { $second }
enc-tcvn3 = TCVN3 (ABC, phông .VnTime)
enc-vni = VNI (phông VNI-Times)
doc-not-compound = không phải tệp Word 97–2003 (tệp phức hợp): { $reason }
doc-no-stream = không phải văn bản Word: thiếu luồng { $stream }
doc-corrupt = tệp .doc bị hỏng: { $reason }
doc-no-fib = không phải văn bản Word 97–2003 (không có khối thông tin tệp Word)
doc-fib-short = tệp .doc bị hỏng: khối thông tin tệp bị cụt
doc-encrypted = tệp .doc có mật khẩu: hãy lưu lại không đặt mật khẩu
doc-bad-table = tệp .doc bị hỏng: không đọc được bảng các đoạn văn bản
doc-table-outside = tệp .doc bị hỏng: bảng các đoạn văn bản nằm ngoài luồng của nó
doc-piece-outside = tệp .doc bị hỏng: một đoạn văn bản nằm ngoài tài liệu
docx-not-zip = không phải tệp .docx (zip): { $reason }
docx-no-document = không phải văn bản Word: thiếu word/document.xml
docx-unreadable = không đọc được word/document.xml: { $reason }
docx-bad-xml = word/document.xml sai cấu trúc: { $reason }
pdf-unreadable = không phải PDF đọc được: { $reason }
pdf-encrypted = tệp PDF có mật khẩu: hãy lưu một bản không mật khẩu
pdf-malformed = không lấy được chữ từ tệp PDF (phông hoặc nội dung hỏng)
pdf-no-extract = không lấy được chữ từ tệp PDF: { $reason }
pdf-scan = tệp PDF không có lớp chữ (bản quét): hãy nhận dạng chữ (OCR) trước, hoặc chuyển tệp Word

## vanban check
check-not-linked = { $place }: ghi chú: trích dẫn `{ $number }` chưa được nối: { $why }
check-why-date = không có văn bản nào trong kho mang số này với ngày đã ghi
check-why-partial = chỉ có loại và số trơn, không chỉ ra được văn bản nào trong kho
check-why-unreadable = trông như một trích dẫn nhưng không đọc trọn được (hãy viết dạng 44-CV/HU hoặc 07/KH-UBND)
check-secret = không đăng: { $count } văn bản mật, không bao giờ được đăng
check-draft = không đăng: { $path } là dự thảo (chỉ đăng khi có --drafts)
check-not-marked = không đăng: { $path } không có dòng "Đăng website" ở Nơi nhận (publish: marked)
check-missing-heading = được trích dẫn nhưng chưa có trong kho (nên đưa lên tiếp):
check-missing = {"  "}{ $number } — được trích dẫn { $count } lần: { $places }
check-missing-more = {"  "}… và { $count } văn bản nữa (xem --format json)
check-summary = { $documents } văn bản, { $resolved } trích dẫn đã nối, { $unresolved } chưa nối, { $errors } lỗi, { $warnings } cảnh báo

## Các bước trên thanh tiến độ
phase-load = đang đọc
phase-render = đang ghi trang
phase-copy = đang chép
phase-verify = đang kiểm tra

## Lỗi của chính dòng lệnh (đối số, giá trị).
clap-unknown-argument = không có đối số '{ $arg }'
clap-unknown-command = không có lệnh '{ $command }'
clap-missing-value = '{ $arg }' cần một giá trị nhưng chưa được cho
clap-invalid-value = giá trị '{ $value }' không hợp lệ cho '{ $arg }'
clap-value-validation = giá trị '{ $value }' không hợp lệ cho '{ $arg }': { $reason }
clap-missing-argument = thiếu đối số bắt buộc: { $arg }
clap-missing-command = cần chỉ rõ một lệnh
clap-conflict = không dùng được '{ $arg }' cùng với '{ $other }'
clap-repeated = không được cho '{ $arg }' nhiều lần
clap-too-many = quá nhiều giá trị cho '{ $arg }'
clap-other = dòng lệnh không hợp lệ
clap-valid-values = ; các giá trị được phép: { $values }
clap-suggested = ; có phải ý là '{ $suggested }'?
clap-more = Chạy với '--help' để xem hướng dẫn.

## Lỗi làm dừng lệnh: thư mục, khóa, bản chép, máy phục vụ. `{ $reason }` là lý do hệ thống
## từ chối (các thông báo io-* ở trên, hoặc lời của chính hệ thống).
cannot-create = không tạo được { $path }: { $reason }
cannot-read = không đọc được { $path }: { $reason }
cannot-write = không ghi được { $path }: { $reason }
cannot-remove = không xóa được { $path }: { $reason }
cannot-open = không mở được { $path }: { $reason }
cannot-flush = không ghi hẳn được { $path } xuống thiết bị: { $reason }
cannot-lock = không khóa được { $path }: { $reason }
cannot-copy = không chép được { $path } sang { $to }: { $reason }
cannot-put-in-place = không đặt được { $path } vào chỗ: { $reason }
cannot-put-site = không đặt được trang mới vào { $path }: { $reason }
exists-not-folder = { $path } đã có và không phải thư mục
not-a-file = { $path } không phải tệp thường
not-built = { $path } không phải trang do vanban dựng
lock-create = không tạo được tệp khóa { $path }: { $reason }
lock-busy = một lệnh dựng vanban khác đang ghi { $output } (tệp khóa { $path }); hãy chờ nó xong
manifest-line = { $path }:{ $line }: { $why }
manifest-no-header = không phải danh sách tệp của vanban (thiếu dòng `{ $header }`)
manifest-seal = danh sách không khớp dấu niêm: đã bị sửa tay hoặc bị hỏng
manifest-not-entry = không theo dạng `mã-kiểm-tra cỡ đường-dẫn`: { $line }
manifest-outside = `{ $path }` không phải đường dẫn bên trong thư mục
manifest-twice = `{ $path }` có tên hai lần
out-is-root = không ghi trang vào { $path }: đó là thư mục gốc
out-is-content = không ghi trang vào { $path }: đó là thư mục nội dung
out-holds-content = không ghi trang vào { $path }: thư mục này chứa thư mục nội dung { $content }
out-in-content = không ghi trang vào { $path }: thư mục này nằm trong thư mục nội dung
out-symlink = { $path } là liên kết tượng trưng; hãy cho --output thư mục thật
out-manifest-damaged = không thay { $path }: danh sách tệp của vanban trong đó bị hỏng hoặc đã bị sửa ({ $reason }), nên vanban không phân biệt được tệp của mình với tệp khác; hãy chuyển những gì của bạn ra, xóa thư mục, rồi dựng lại
refusal = không thay { $path }: thư mục { $why }, và vanban không bao giờ xóa những tệp ấy:{ $names }
    {"  "}{ $then }
refusal-more = … và { $count } tệp nữa
why-foreign = có tệp không do vanban ghi
why-changed = có tệp đã bị sửa sau khi vanban ghi
why-both = có tệp không do vanban ghi hoặc đã bị sửa sau khi vanban ghi
changed-after = { $path } (bị sửa sau khi vanban ghi)
then-build = hãy chuyển chúng ra khỏi thư mục (hoặc chọn --output khác), rồi dựng lại
then-sync = hãy chuyển chúng ra khỏi thư mục (bản của trang sẽ thay chúng), rồi chép lại
then-sync-empty = hãy chép vào một thư mục trống, hoặc chuyển chúng ra khỏi thư mục này
base-url-scheme = --base-url `{ $url }` phải bắt đầu bằng http:// hoặc https://
sync-no-site = { $path } chưa có trang đã dựng (không có { $manifest }): hãy chạy `vanban build` trước
sync-refused = không chép vào { $path }: { $why }
dest-is-root = đó là thư mục gốc
dest-is-site = đó chính là trang đã dựng
dest-in-site = thư mục này nằm trong trang đã dựng
dest-holds-site = thư mục này chứa trang đã dựng
dest-symlink = đó là liên kết tượng trưng; hãy cho thư mục thật
dest-not-folder = đã có và không phải thư mục
sync-manifest-damaged = không chép vào { $path }: danh sách tệp của vanban trong đó bị hỏng hoặc đã bị sửa ({ $reason }), nên vanban không phân biệt được tệp của mình với tệp khác; hãy chép vào một thư mục trống
sync-source-changed = { $path } đã đổi từ khi dựng trang: hãy chạy `vanban build`, rồi chép lại
sync-read-back-bad = { $count } tệp đọc lại khác với bản đã chép (thiết bị có thể đang hỏng); hãy chạy lại `vanban sync` để chép lại:{ $files }
verify-not-a-copy = { $path } không có { $manifest }: đây không phải bản chép do vanban làm
serve-cannot-listen = không lắng nghe được ở 127.0.0.1:{ $port }: { $reason }
serve-no-address = máy phục vụ không có địa chỉ: { $reason }
serve-cannot-start = không khởi động được máy phục vụ: { $reason }
serve-cannot-watch = không theo dõi được thay đổi của { $path }: { $reason }
new-no-content = { $path } không có thư mục content/; --root có đúng là thư mục trang không?
new-exists = { $path } đã có; không ghi đè
new-date-partial = `{ $date }` không phải ngày đầy đủ; hãy viết 11/11/2018 hoặc 2018-11-11
