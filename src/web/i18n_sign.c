/*
 * i18n_sign.c: the messages of signed results: the approval, the
 * verification page, the cover page and the certificate directory.
 */
#include <stddef.h>

#include "web/i18n.h"

/* Sorted by key (checked by the catalogue test). */
const struct message i18n_sign[] = {
    {"office.act.approve", "Phê duyệt và ký số kết quả", "Approve and sign the result"},
    {"office.act.attach", "Đính kèm kết quả để lãnh đạo phê duyệt",
     "Attach the result for approval"},
    {"office.result_is_approved",
     "Kết quả của thủ tục này là văn bản ký số: cán bộ đính kèm kết quả, lãnh đạo phê duyệt và ký.",
     "The result of this procedure is a signed document: attach it, and a leader approves and "
     "signs it."},
    {"office.what.approve",
     "Phê duyệt kết quả: văn bản kết quả được ký số bằng chứng thư số của lãnh đạo và con dấu số "
     "của đơn vị (hoặc chỉ con dấu số khi lãnh đạo chưa có chứng thư), kèm trang bìa có mã QR để "
     "ai cũng kiểm tra được; hồ sơ chuyển sang đã xử lý xong.",
     "Approve the result: the result document is signed with the leader's certificate and the "
     "unit's seal (the seal alone where the leader has no certificate), with a cover page whose QR "
     "code lets anyone check it; the dossier moves to result ready."},
    {"office.what.attach",
     "Đính kèm văn bản kết quả (PDF, JPEG hoặc PNG) để lãnh đạo phê duyệt và ký số; trạng thái hồ "
     "sơ chưa đổi.",
     "Attach the result document (PDF, JPEG or PNG) for a leader to approve and sign; the "
     "dossier's status does not change yet."},
    {"sign.applicant", "Số định danh người nộp", "Applicant's ID number"},
    {"sign.ask",
     "Nhập mã kiểm tra in trên trang bìa của kết quả (16 chữ và số), hoặc quét mã QR trên đó.",
     "Type the check code printed on the result's cover page (16 letters and digits), or scan its "
     "QR code."},
    {"sign.bad_id", "Mã kiểm tra gồm 16 chữ cái thường và chữ số, như in trên trang bìa.",
     "A check code is 16 lower-case letters and digits, as printed on the cover page."},
    {"sign.cas", "Tổ chức cung cấp dịch vụ chứng thực (CA)", "Certification authorities (CA)"},
    {"sign.check", "Kiểm tra", "Check"},
    {"sign.compare", "So sánh một tệp với kết quả đã ký", "Compare a file with the signed result"},
    {"sign.cover", "Trang bìa để in", "Printable cover page"},
    {"sign.directory", "Danh bạ chứng thư số", "Certificate directory"},
    {"sign.directory_intro",
     "Chứng thư số mà các đơn vị dùng để ký kết quả giải quyết thủ tục hành chính: con dấu số của "
     "đơn vị và chứng thư số của lãnh đạo, cùng chứng thư của tổ chức chứng thực mà chúng dựa vào. "
     "Tải về để kiểm tra chữ ký mà không cần kết nối.",
     "The certificates units sign results with: each unit's seal and its leaders' own, and the "
     "certification authorities they chain to. Download them to check signatures offline."},
    {"sign.dossier", "Mã hồ sơ", "Dossier"},
    {"sign.file", "Tệp sẽ được ký", "File to be signed"},
    {"sign.format", "Hình thức ký", "How it is signed"},
    {"sign.format.cms", "Tệp chữ ký rời (.p7s) kèm tệp kết quả",
     "A detached signature (.p7s) beside the result file"},
    {"sign.format.pades", "Chữ ký số nằm trong tệp PDF", "Signatures inside the PDF"},
    {"sign.id", "Mã kiểm tra", "Check code"},
    {"sign.in_pdf", "Chữ ký của kết quả này nằm trong tệp PDF.",
     "This result's signatures are inside its PDF."},
    {"sign.is_signed_file", "Đúng là tệp đã được ký.", "This is the file that was signed."},
    {"sign.its_signatures", "Chữ ký trong tệp này", "The signatures in this file"},
    {"sign.kind", "Loại", "Kind"},
    {"sign.kind.ca", "Tổ chức chứng thực", "Certification authority"},
    {"sign.kind.person", "Lãnh đạo", "Leader"},
    {"sign.kind.seal", "Con dấu số của đơn vị", "Unit's seal"},
    {"sign.leader", "Chứng thư số của lãnh đạo", "Leader's certificate"},
    {"sign.means.altered", "chữ ký còn nguyên nhưng tệp đã bị sửa sau khi ký.",
     "the signature is intact but the file was changed after signing."},
    {"sign.means.expired",
     "chữ ký đúng nhưng chứng thư số đã hết hạn (hoặc chưa có hiệu lực lúc ký).",
     "the signature is right but a certificate has expired (or was not yet valid when signed)."},
    {"sign.means.invalid",
     "nội dung đã bị thay đổi, chữ ký sai hoặc chứng thư không do tổ chức chứng thực tin cậy cấp.",
     "the content was changed, the signature is wrong, or the certificate is not from a trusted "
     "authority."},
    {"sign.means.revoked", "chứng thư số đã bị thu hồi.", "a certificate has been revoked."},
    {"sign.means.unsigned", "không tìm thấy chữ ký số.", "no signature was found."},
    {"sign.means.valid",
     "nội dung còn nguyên vẹn, chữ ký đúng, chứng thư số còn hiệu lực và do tổ chức chứng thực tin "
     "cậy cấp.",
     "the content is intact, the signature is right, and the certificate is valid and from a "
     "trusted authority."},
    {"sign.name", "Tên", "Name"},
    {"sign.no_file", "Chưa có — đính kèm tệp kết quả dưới đây",
     "None yet: attach the result file below"},
    {"sign.no_leader", "Không có chứng thư còn hiệu lực — chỉ con dấu số của đơn vị ký",
     "None valid: the unit's seal signs alone"},
    {"sign.no_seal", "Đơn vị chưa có con dấu số còn hiệu lực: chưa thể phê duyệt",
     "The unit has no valid seal certificate: approval is not possible"},
    {"sign.no_secret", "Máy chủ không mở được khóa ký (thiếu tệp khóa hoặc mật khẩu): chưa thể ký.",
     "The server cannot open the signing keys (no key file or passphrase): nothing can be signed."},
    {"sign.not_signed_file", "Không phải tệp đã được ký.", "This is not the file that was signed."},
    {"sign.offline",
     "Kiểm tra không cần xaso: pdfsig (poppler-utils) với chứng thư CA đã tin cậy cho tệp PDF; "
     "openssl cms -verify -binary -inform DER -in result.p7s -content TỆP -CAfile ca.pem cho tệp "
     "khác và cho bản ghi trang bìa (record.p7s, record.txt).",
     "Check without xaso: pdfsig (poppler-utils) with the CA certificate trusted for a PDF; "
     "openssl cms -verify -binary -inform DER -in result.p7s -content FILE -CAfile ca.pem for any "
     "other file and for the cover page's record (record.p7s, record.txt)."},
    {"sign.presented", "Tệp được đưa ra", "The file presented"},
    {"sign.procedure", "Thủ tục", "Procedure"},
    {"sign.record", "Bản ghi trang bìa", "The cover page's record"},
    {"sign.record_p7s", "Chữ ký của bản ghi (record.p7s)", "The record's signature (record.p7s)"},
    {"sign.record_txt", "Bản ghi (record.txt)", "The record (record.txt)"},
    {"sign.result", "Kết quả", "Result"},
    {"sign.result_p7s", "Chữ ký của tệp kết quả (result.p7s)",
     "The result file's signature (result.p7s)"},
    {"sign.results", "Kết quả đã ký số", "Signed results"},
    {"sign.role", "Ký với tư cách", "Signed as"},
    {"sign.role.leader", "Lãnh đạo phê duyệt", "Approving leader"},
    {"sign.role.other", "Khác", "Other"},
    {"sign.role.seal", "Con dấu số của đơn vị", "Unit's seal"},
    {"sign.seal", "Con dấu số của đơn vị", "Unit's seal"},
    {"sign.serial", "số hiệu", "serial"},
    {"sign.sha256", "Hoặc mã SHA-256 của tệp (64 ký tự hệ 16)",
     "Or the file's SHA-256 (64 hex digits)"},
    {"sign.signatures", "Chữ ký số", "Signatures"},
    {"sign.signed_at", "Thời điểm ký", "Signed at"},
    {"sign.signed_by", "ký bởi", "signed by"},
    {"sign.signer", "Người ký", "Signer"},
    {"sign.status.altered", "Bị sửa sau khi ký", "Altered after signing"},
    {"sign.status.expired", "Chứng thư hết hạn", "Certificate expired"},
    {"sign.status.invalid", "Không hợp lệ", "Invalid"},
    {"sign.status.revoked", "Chứng thư bị thu hồi", "Certificate revoked"},
    {"sign.status.unsigned", "Không có chữ ký", "Not signed"},
    {"sign.status.valid", "Hợp lệ", "Valid"},
    {"sign.unit", "Đơn vị cấp", "Issuing unit"},
    {"sign.units", "Chứng thư số của các đơn vị", "The units' certificates"},
    {"sign.upload", "Chọn tệp kết quả bạn nhận được", "Choose the result file you were given"},
    {"sign.valid_from", "Hiệu lực từ", "Valid from"},
    {"sign.valid_to", "Hiệu lực đến", "Valid until"},
    {"sign.valid_until", "hiệu lực đến", "valid until"},
    {"sign.verdict", "Kết quả kiểm tra", "Verdict"},
    {"sign.verify_title", "Kiểm tra kết quả có chữ ký số", "Check a signed result"},
    {NULL, NULL, NULL},
};
