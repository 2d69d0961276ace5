/*
 * index766_table.c: the rule table of the Decision 766 index, as data.
 *
 * Two profiles. "qd766-2022" is the slot for the official annex of
 * Decision 766/QĐ-TTg (23/6/2022): its full text was NOT FOUND (RULES.md
 * §1.1, RULES-766-2026.md §1, §3), so the slot has no rows and cannot
 * score. "dvcqg-2026-09" is how the national portal scores today: the 24
 * rows of its sheet "Công thức 766.xlsx" (METRICS), with the point
 * formulas fitted to its answers for Phú Thọ captured on 2026-09-26 (GitHub
 * ChippedTopaz/qd766; RULES-766-2026.md §1.1-1.2) and the business rules
 * of "Mô tả công thức tính chỉ số 766.docx" (RULES.md §1.2-1.3). The
 * decision that introduced the portal's revised list was not found either;
 * the profile applies from the decision's date because the portal scores
 * every period this way.
 *
 * Where the sources are silent about a zero denominator, xaso's choice is
 * "not applicable, out of the maximum", said in the row's rule text with
 * [NF]; where they conflict, the observed behaviour is the default and the
 * other reading is an option (struct idx_options).
 *
 * Source tags in the texts: [O] official, [S] secondary, [P] the portal's
 * practice, [NF] not found.
 */
#include <stddef.h>

#include "core/index766.h"

#define AT(field) offsetof(struct idx766_counts, field)
#define NA_NF_VI                                                                                                        \
	" Mẫu số 0: cách chấm không tìm thấy trong nguồn [NF]; xaso không tính dòng này vào điểm " \
	"tối đa."
#define NA_NF_EN                                                                                   \
	" Denominator 0: scoring not found in the sources [NF]; xaso leaves the row out of the "   \
	"maximum."

static const struct idx_group_def groups[IDX_GROUPS] = {
    {"transparency", "Công khai, minh bạch", "Transparency", 18, NULL},
    {"progress", "Tiến độ giải quyết", "Progress", 20, NULL},
    {"online_service", "Dịch vụ công trực tuyến", "Online service", 12,
     "min(2; 2·A/0,80) + 4·B + min(6; 6·C/0,50)"},
    {"online_payment", "Thanh toán trực tuyến", "Online payment", 10,
     "6·A + min(2; 2,5·B) + min(2; 2,5·C)"},
    {"digitisation", "Số hóa hồ sơ", "Digitisation", 22, NULL},
    {"satisfaction", "Mức độ hài lòng", "Satisfaction", 18, NULL},
};

static const struct idx_row portal[] = {
    /* ---- 1. Transparency: max x rate, 2,290 observations [P] ---- */
    {.code = "1.1",
     .api_code = "PUBLISH_ON_TIME",
     .group = IDX_TRANSPARENCY,
     .name_vi = "Tỷ lệ thủ tục hành chính công bố đúng hạn",
     .name_en = "Procedures published on time",
     .num_vi = "TTHC có quyết định công bố đúng hạn",
     .den_vi = "TTHC đã công bố trong kỳ",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 1,
     .cap = true,
     .convert = IDX_LINEAR,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(publish_on_time),
     .rule_vi = "Điểm = 6 × tỷ lệ [P]. Đúng hạn: ngày quyết định công bố ≤ ngày hiệu lực mới "
                "nhất của văn bản căn cứ − 5 ngày làm việc (cấp tỉnh); một TTHC có trong nhiều "
                "quyết định trong kỳ tính một lần, một lần trễ là trễ [P]." NA_NF_VI,
     .rule_en = "Points = 6 × rate [P]. On time: decision date ≤ the legal basis's latest "
                "effective date − 5 working days (province); a procedure in several decisions "
                "counts once, one late decision makes it late [P]." NA_NF_EN},
    {.code = "1.2",
     .api_code = "PUBLIC_UPDATE_ON_TIME",
     .group = IDX_TRANSPARENCY,
     .name_vi = "Tỷ lệ thủ tục hành chính được cập nhật, công khai đúng hạn",
     .name_en = "Procedures made public on time",
     .num_vi = "TTHC được công khai đúng hạn",
     .den_vi = "TTHC phải cập nhật, công khai trong kỳ",
     .scope = IDX_BOTH,
     .max = 4,
     .target = 1,
     .cap = true,
     .convert = IDX_LINEAR,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(public_update_on_time),
     .rule_vi = "Điểm = 4 × tỷ lệ [P]; 4/18 theo QĐ 766 [S]. Đúng hạn: ngày công khai ≤ ngày "
                "quyết định công bố + 5 ngày làm việc (cấp tỉnh) [P]." NA_NF_VI,
     .rule_en = "Points = 4 × rate [P]; 4/18 per Decision 766 [S]. On time: made public ≤ "
                "decision date + 5 working days (province) [P]." NA_NF_EN},
    {.code = "1.3",
     .api_code = "PUBLIC_CONTENT_FULL",
     .group = IDX_TRANSPARENCY,
     .name_vi = "Tỷ lệ thủ tục hành chính được công khai có đầy đủ các nội dung quy định",
     .name_en = "Procedures public with every component",
     .num_vi = "TTHC công khai đủ tên, trình tự, cách thức, thành phần hồ sơ, thời hạn, đối "
               "tượng, cơ quan thực hiện",
     .den_vi = "TTHC đang công khai (không theo kỳ)",
     .scope = IDX_BOTH,
     .max = 2,
     .target = 1,
     .cap = true,
     .convert = IDX_LINEAR,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(public_content_full),
     .rule_vi = "Điểm = 2 × tỷ lệ [P]. Các bộ phận theo khoản 2 Điều 8 NĐ 63/2010 [P]." NA_NF_VI,
     .rule_en = "Points = 2 × rate [P]. Components per Decree 63/2010 art. 8(2) [P]." NA_NF_EN},
    {.code = "1.4",
     .additive = true,
     .api_code = "DOSSIER_SYNC",
     .group = IDX_TRANSPARENCY,
     .name_vi = "Tỷ lệ hồ sơ được đồng bộ trạng thái theo thời gian thực với Cổng Dịch vụ công "
                "quốc gia",
     .name_en = "Dossiers synced in real time with the national portal",
     .num_vi = "hồ sơ đồng bộ đúng hạn thông tin tiến trình",
     .den_vi = "hồ sơ tiếp nhận, đang giải quyết hoặc trả kết quả trong kỳ",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 1,
     .cap = true,
     .convert = IDX_LINEAR,
     .zero = IDX_ZERO_NONE,
     .source = IDX_EXTERNAL,
     .figure_num = "dossiers_synced",
     .figure_den = "dossiers_to_sync",
     .counts = AT(dossier_sync),
     .rule_vi = "Điểm = 6 × tỷ lệ [P]. Số liệu báo cáo: xaso không biết việc đồng bộ lên Cổng. "
                "Mẫu số 0: Cổng dùng số năm trước (÷12 tháng, ÷4 quý); không có thì tỷ lệ 0 "
                "[P].",
     .rule_en = "Points = 6 × rate [P]. A reported figure: xaso cannot see the portal's sync. "
                "Denominator 0: the portal uses last year's total (÷12 for a month, ÷4 for a "
                "quarter); without one the rate is 0 [P]."},
    /* ---- 2. Progress: 20 x on time / received, 984 observations [P] ---- */
    {.code = "2.1",
     .additive = true,
     .api_code = "",
     .group = IDX_PROGRESS,
     .name_vi = "Tỷ lệ hồ sơ xử lý đúng hạn (trước hạn, đúng hạn)",
     .name_en = "On-time dossiers",
     .num_vi = "hồ sơ đã và đang xử lý trước hạn, đúng hạn, trong hạn",
     .den_vi = "hồ sơ tiếp nhận và xử lý trong kỳ",
     .scope = IDX_BOTH,
     .max = 20,
     .target = 1,
     .cap = true,
     .convert = IDX_LINEAR,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(on_time),
     .rule_vi = "Điểm = 20 × tỷ lệ [P]; tối đa 20 theo QĐ 766 [S]. Đúng hạn theo sổ tay quy "
                "tắc (core/dossier.h): kết thúc là trạng thái kết thúc đầu tiên, trừ thời gian "
                "công dân bổ sung, hơn một lần yêu cầu bổ sung là trễ, hồ sơ chưa xong xét tại "
                "ngày cuối kỳ [P]." NA_NF_VI,
     .rule_en = "Points = 20 × rate [P]; at most 20 per Decision 766 [S]. On time by the rule "
                "book (core/dossier.h): the first terminal status ends processing, the "
                "applicant's supplement time is excluded, more than one supplement request is "
                "late, an open dossier is judged at the period's last day [P]." NA_NF_EN},
    /* ---- 3. Online service: A + B + C fitted on 6 fixtures only [P] ---- */
    {.code = "3.1",
     .api_code = "",
     .group = IDX_ONLINE,
     .name_vi = "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến",
     .name_en = "Procedures offered online",
     .num_vi = "TTHC có DVCTT một phần hoặc toàn trình (tính một lần, ở mức cao nhất)",
     .den_vi = "TTHC thuộc thẩm quyền (cấp xã: TTHC thực hiện ở cấp xã)",
     .scope = IDX_BOTH,
     .max = 2,
     .target = 0.8,
     .cap = true,
     .convert = IDX_COMPONENT,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(procedures_online),
     .rule_vi = "Thành phần A: min(2; 2·A/0,80) [P], khớp 6 mẫu, chưa chắc chắn; mục tiêu 80% "
                "(NQ 76/NQ-CP [S])." NA_NF_VI,
     .rule_en = "Component A: min(2, 2·A/0.80) [P], fitted on 6 samples only; target 80 % "
                "(Resolution 76/NQ-CP [S])." NA_NF_EN},
    {.code = "3.2",
     .api_code = "",
     .group = IDX_ONLINE,
     .name_vi = "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ",
     .name_en = "Online services that received dossiers",
     .num_vi = "DVC có hồ sơ tiếp nhận trực tuyến",
     .den_vi = "DVC của TTHC (đang công khai, chờ dừng công khai, đang kiểm thử)",
     .scope = IDX_BOTH,
     .max = 4,
     .target = 1,
     .cap = true,
     .convert = IDX_COMPONENT,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(services_with_dossiers),
     .rule_vi = "Thành phần B: 4·B [P]; nghĩa của onlineDossierCount/onlineServiceTotal suy từ "
                "tên trường (RULES.md §1.2 mục 3.2), chưa được xác nhận." NA_NF_VI,
     .rule_en = "Component B: 4·B [P]; the meaning of onlineDossierCount/onlineServiceTotal is "
                "read from the field names (RULES.md §1.2 item 3.2), not confirmed." NA_NF_EN},
    {.code = "3.3",
     .additive = true,
     .api_code = "",
     .group = IDX_ONLINE,
     .name_vi = "Tỷ lệ hồ sơ theo hình thức nộp trực tuyến",
     .name_en = "Dossiers filed online",
     .num_vi = "hồ sơ nộp trực tuyến (có kết quả điện tử khi TTHC yêu cầu kết quả giấy)",
     .den_vi = "hồ sơ tiếp nhận trong kỳ",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 0.5,
     .cap = true,
     .convert = IDX_COMPONENT,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(online_dossiers),
     .rule_vi = "Thành phần C: min(6; 6·C/0,50) [P]. Tài liệu mô tả công thức còn nhân với tỷ "
                "lệ đồng bộ 1.4 [P]; công thức khớp với Cổng thì không, xaso theo công thức "
                "khớp." NA_NF_VI,
     .rule_en = "Component C: min(6, 6·C/0.50) [P]. The formula document also multiplies by "
                "the sync rate 1.4 [P]; the formula fitted to the portal does not, and xaso "
                "follows the fit." NA_NF_EN},
    {.code = "3.4",
     .additive = true,
     .api_code = "",
     .group = IDX_ONLINE,
     .name_vi = "Tỷ lệ hồ sơ DVCTT toàn trình trên hồ sơ TTHC đủ điều kiện toàn trình",
     .name_en = "Full-online dossiers of eligible procedures",
     .num_vi = "hồ sơ trực tuyến toàn trình",
     .den_vi = "hồ sơ của TTHC đủ điều kiện toàn trình",
     .scope = IDX_PROVINCE_ONLY,
     .max = 0,
     .target = 1,
     .cap = true,
     .convert = IDX_TRACKED,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(full_online_dossiers),
     .rule_vi = "Bảng METRICS đặt 12 điểm của nhóm vào dòng này (chỉ cấp tỉnh), nhưng Cổng chấm "
                "nhóm bằng A + B + C [P]; xaso hiển thị, không chấm.",
     .rule_en = "The METRICS sheet puts the group's 12 points on this row (provinces only), "
                "but the portal scores the group as A + B + C [P]; xaso shows it, unscored."},
    /* ---- 4. Online payment: 6A + min(2, 2.5B) + 2.5C, 984 observations [P] ---- */
    {.code = "3.6",
     .additive = true,
     .api_code = "",
     .group = IDX_PAYMENT,
     .name_vi = "Tỷ lệ hồ sơ thanh toán trực tuyến",
     .name_en = "Dossiers paid online",
     .num_vi = "hồ sơ thanh toán phí, lệ phí trực tuyến thành công",
     .den_vi = "hồ sơ của TTHC có phí, lệ phí (trừ hồ sơ có toàn bộ phí bằng 0)",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 1,
     .cap = true,
     .convert = IDX_COMPONENT,
     .zero = IDX_ZERO_NONE,
     .source = IDX_XASO,
     .counts = AT(paid_online),
     .rule_vi = "Thành phần A: 6·A [P]. Mẫu số 0: tỷ lệ 0 [P].",
     .rule_en = "Component A: 6·A [P]. Denominator 0: rate 0 [P]."},
    {.code = "3.5b",
     .api_code = "",
     .group = IDX_PAYMENT,
     .name_vi = "Tỷ lệ TTHC có giao dịch thanh toán trực tuyến",
     .name_en = "Procedures with an online payment",
     .num_vi = "TTHC có giao dịch thanh toán trực tuyến thành công",
     .den_vi = "TTHC có nghĩa vụ tài chính",
     .scope = IDX_BOTH,
     .max = 2,
     .target = 0.8,
     .cap = true,
     .convert = IDX_COMPONENT,
     .zero = IDX_ZERO_NONE,
     .source = IDX_XASO,
     .counts = AT(procedures_paid_online),
     .rule_vi = "Thành phần B: min(2; 2,5·B) [P]; mục tiêu 80% (NQ 76/NQ-CP [S]). Mẫu số 0: "
                "tỷ lệ 0 [P].",
     .rule_en = "Component B: min(2, 2.5·B) [P]; target 80 % (Resolution 76/NQ-CP [S]). "
                "Denominator 0: rate 0 [P]."},
    {.code = "3.5",
     .api_code = "",
     .group = IDX_PAYMENT,
     .name_vi = "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến",
     .name_en = "Procedures with fees integrated for online payment",
     .num_vi = "TTHC có hồ sơ mang dữ liệu phí, lệ phí khác 0 trong kỳ",
     .den_vi = "TTHC có phí, lệ phí khác 0",
     .scope = IDX_BOTH,
     .max = 2,
     .target = 0.8,
     .cap = true,
     .convert = IDX_COMPONENT,
     .zero = IDX_ZERO_NONE,
     .option = IDX_OPT_FEE_CAP,
     .source = IDX_XASO,
     .counts = AT(procedures_fee_synced),
     .rule_vi = "Thành phần C: 2,5·C [P], không giới hạn trong công thức khớp; với C > 80% "
                "nhóm vượt 10 điểm nên xaso giới hạn ở 2 điểm (tùy chọn: theo công thức khớp) "
                "[P, chưa quan sát]. Mẫu số 0: tỷ lệ 0 [P].",
     .rule_en = "Component C: 2.5·C [P], without a cap in the fit; above 80 % the group would "
                "pass 10, so xaso caps it at 2 (option: as fitted) [P, not observed]. "
                "Denominator 0: rate 0 [P]."},
    /* ---- 5. Digitisation: min(max, max x rate), 492-984 observations [P] ---- */
    {.code = "4.1",
     .additive = true,
     .api_code = "ORIGINAL_RESULT_AVAILABLE",
     .group = IDX_DIGITISATION,
     .name_vi = "Tỷ lệ hồ sơ TTHC có cấp kết quả giải quyết điện tử",
     .name_en = "Dossiers with an electronic result",
     .num_vi = "hồ sơ có tệp kết quả điện tử",
     .den_vi = "hồ sơ của TTHC yêu cầu trả kết quả bằng văn bản, giấy tờ",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 1,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(e_result),
     .rule_vi = "Điểm = min(6; 6 × tỷ lệ) [P]. Mẫu số 0: Cổng trả điểm rỗng (null): không áp "
                "dụng [P].",
     .rule_en = "Points = min(6, 6 × rate) [P]. Denominator 0: the portal answers null: not "
                "applicable [P]."},
    {.code = "4.2",
     .additive = true,
     .api_code = "SO_HOA_GIAY_TO_GIAI_QUYET",
     .group = IDX_DIGITISATION,
     .name_vi = "Tỷ lệ hồ sơ TTHC thực hiện số hóa thành phần hồ sơ",
     .name_en = "Digitised dossiers",
     .num_vi = "hồ sơ có tệp đính kèm (và tệp kết quả khi TTHC yêu cầu kết quả giấy)",
     .den_vi = "hồ sơ thuộc thẩm quyền",
     .scope = IDX_BOTH,
     .max = 4,
     .target = 1,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(digitised),
     .rule_vi = "Điểm = min(4; 4 × tỷ lệ) [P] theo công thức khớp; tài liệu mô tả công thức "
                "nêu ngưỡng 80% (RULES.md §1.2) — hai nguồn khác nhau, xaso theo công thức "
                "khớp. Mẫu số 0: null, không áp dụng [P].",
     .rule_en = "Points = min(4, 4 × rate) [P] as fitted; the formula document gives an 80 % "
                "target (RULES.md §1.2): the sources differ, xaso follows the fit. Denominator "
                "0: null, not applicable [P]."},
    {.code = "4.6",
     .additive = true,
     .api_code = "ELECTRONIC_CERTIFIED_COPY",
     .group = IDX_DIGITISATION,
     .name_vi = "Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
     .name_en = "Electronic certified copies offered",
     .num_vi = "xã cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
     .den_vi = "xã thuộc thẩm quyền quản lý (tại một xã: 1)",
     .scope = IDX_BOTH,
     .max = 2,
     .target = 1,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NA,
     .source = IDX_EXTERNAL,
     .figure_num = "communes_certified_copy",
     .figure_den = "communes_total",
     .counts = AT(certified_copy),
     .rule_vi = "Điểm = min(2; 2 × tỷ lệ) [P]. Số liệu báo cáo. Công thức có trong bảng METRICS, "
                "không có trong tài liệu mô tả công thức [NF]; xaso đặt mã 4.6.",
     .rule_en = "Points = min(2, 2 × rate) [P]. A reported figure. The formula is in the METRICS "
                "sheet, not in the formula document [NF]; the code 4.6 is xaso's."},
    {.code = "4.3",
     .additive = true,
     .api_code = "REUSED_DIGITIZED_DATA",
     .group = IDX_DIGITISATION,
     .name_vi = "Tỷ lệ hồ sơ TTHC có thành phần hồ sơ được cắt giảm, thay thế dựa trên dữ liệu",
     .name_en = "Dossiers reusing digitised data",
     .num_vi = "hồ sơ có ít nhất một thành phần tái sử dụng dữ liệu số hóa",
     .den_vi = "hồ sơ tiếp nhận trong kỳ",
     .scope = IDX_BOTH,
     .max = 2,
     .target = 0.8,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(reused),
     .rule_vi = "Điểm = min(2; 2 × tỷ lệ / 0,80) [P]. Mẫu số 0: null, không áp dụng [P].",
     .rule_en = "Points = min(2, 2 × rate / 0.80) [P]. Denominator 0: null, not applicable "
                "[P]."},
    {.code = "4.4",
     .additive = true,
     .api_code = "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
     .group = IDX_DIGITISATION,
     .name_vi = "Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng",
     .name_en = "Dossiers linked to the national personal storage",
     .num_vi = "hồ sơ có thành phần lấy từ kho dữ liệu cá nhân trên Cổng DVCQG",
     .den_vi = "hồ sơ tiếp nhận trong kỳ",
     .scope = IDX_BOTH,
     .max = 4,
     .target = 1,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NA,
     .source = IDX_EXTERNAL,
     .figure_num = "dossiers_from_storage",
     .figure_den = "dossiers_received",
     .counts = AT(personal_storage),
     .rule_vi = "Điểm = min(4; 4 × tỷ lệ) [P], chỉ quan sát ở tỷ lệ 0 nên hệ số chưa chắc chắn. "
                "Số liệu báo cáo (kho dữ liệu cá nhân nằm trên Cổng).",
     .rule_en = "Points = min(4, 4 × rate) [P], observed at rate 0 only, so the factor is not "
                "certain. A reported figure (the storage is on the portal)."},
    {.code = "4.5b",
     .additive = true,
     .api_code = "CITIZEN_DATA_CONNECTED_DOSSIER",
     .group = IDX_DIGITISATION,
     .name_vi = "Tỷ lệ hồ sơ TTHC có sử dụng thông tin, dữ liệu dân cư",
     .name_en = "Dossiers using population data",
     .num_vi = "hồ sơ dùng dữ liệu từ CSDLQG về dân cư (hoặc đăng nhập VNeID)",
     .den_vi = "hồ sơ TTHC",
     .scope = IDX_PROVINCE_ONLY,
     .max = 2,
     .target = 1,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(population_dossiers),
     .rule_vi = "Điểm = min(2; 2 × tỷ lệ) [P]; chỉ cấp tỉnh (METRICS) [P]. Cách chấm cấp xã "
                "không tìm thấy [NF].",
     .rule_en = "Points = min(2, 2 × rate) [P]; provinces only (METRICS) [P]. A rule for "
                "communes was not found [NF]."},
    {.code = "4.5a",
     .api_code = "CITIZEN_DATA_CONNECTED_FORMALITY",
     .group = IDX_DIGITISATION,
     .name_vi = "Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư phục vụ giải quyết TTHC",
     .name_en = "Procedures connected to population data",
     .num_vi = "TTHC có hồ sơ dùng dữ liệu dân cư",
     .den_vi = "TTHC có đối tượng là công dân, người Việt Nam ở nước ngoài, người nước ngoài",
     .scope = IDX_PROVINCE_ONLY,
     .max = 2,
     .target = 1,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(population_procedures),
     .rule_vi = "Điểm = min(2; 2 × tỷ lệ) [P]; chỉ cấp tỉnh (METRICS) [P]. Cách chấm cấp xã "
                "không tìm thấy [NF].",
     .rule_en = "Points = min(2, 2 × rate) [P]; provinces only (METRICS) [P]. A rule for "
                "communes was not found [NF]."},
    /* ---- 6. Satisfaction: 492 observations each [P] ---- */
    {.code = "5.1a",
     .additive = true,
     .api_code = "PETITION_CLASSIFICATION_TTHC",
     .group = IDX_SATISFACTION,
     .name_vi = "Tỷ lệ PAKN về quy định, thủ tục hành chính",
     .name_en = "Feedback about rules and procedures",
     .num_vi = "PAKN về quy định, TTHC",
     .den_vi = "PAKN",
     .scope = IDX_BOTH,
     .max = 0,
     .target = 1,
     .cap = true,
     .convert = IDX_TRACKED,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(feedback_on_procedures),
     .rule_vi = "Chỉ theo dõi: 0 điểm (maxScore 0, score null) [P].",
     .rule_en = "Tracked only: 0 points (maxScore 0, score null) [P]."},
    {.code = "5.1b",
     .additive = true,
     .api_code = "PETITION_CLASSIFICATION_STAFF",
     .group = IDX_SATISFACTION,
     .name_vi = "Tỷ lệ PAKN về hành vi cán bộ, công chức, viên chức",
     .name_en = "Feedback about staff",
     .num_vi = "PAKN về hành vi cán bộ",
     .den_vi = "PAKN",
     .scope = IDX_BOTH,
     .max = 0,
     .target = 1,
     .cap = true,
     .convert = IDX_TRACKED,
     .zero = IDX_ZERO_NA,
     .source = IDX_XASO,
     .counts = AT(feedback_on_staff),
     .rule_vi = "Chỉ theo dõi: 0 điểm [P].",
     .rule_en = "Tracked only: 0 points [P]."},
    {.code = "5.2",
     .additive = true,
     .api_code = "PETITION_PROCESSING_ON_TIME",
     .group = IDX_SATISFACTION,
     .name_vi = "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
     .name_en = "Feedback handled on time",
     .num_vi = "PAKN xử lý đúng hoặc trước hạn",
     .den_vi = "PAKN thuộc thẩm quyền",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 1,
     .cap = true,
     .convert = IDX_LINEAR,
     .zero = IDX_ZERO_FULL,
     .source = IDX_XASO,
     .counts = AT(feedback_on_time),
     .rule_vi = "Điểm = 6 × tỷ lệ [P]; công thức theo QĐ 766 [S]. Hạn: từ chối ≤ 2, yêu cầu bổ "
                "sung ≤ 5, xử lý ≤ 15 ngày làm việc [P]. Không có PAKN: 6 điểm [P].",
     .rule_en = "Points = 6 × rate [P]; formula per Decision 766 [S]. Deadlines: refuse ≤ 2, "
                "ask for more ≤ 5, handle ≤ 15 working days [P]. No feedback: 6 points [P]."},
    {.code = "5.3",
     .additive = true,
     .api_code = "PETITION_HANDLING_SATISFACTION",
     .group = IDX_SATISFACTION,
     .name_vi = "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
     .name_en = "Satisfaction with feedback handling",
     .num_vi = "PAKN trừ số bị phản hồi không hài lòng, quá hạn hoặc bị phản ánh lại",
     .den_vi = "PAKN tiếp nhận lần đầu (không tính PAKN phản ánh lại)",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 1,
     .cap = true,
     .convert = IDX_LINEAR,
     .zero = IDX_ZERO_FULL,
     .split_to = {"5.2", "5.4"},
     .option = IDX_OPT_FEEDBACK_ZERO,
     .source = IDX_XASO,
     .counts = AT(feedback_satisfied),
     .rule_vi = "Điểm = 6 × tỷ lệ [P]. Không có PAKN: Cổng chấm 6 điểm [P] (mặc định). Ghi chú "
                "bảng METRICS: 'điểm số được chia đều cho 02 chỉ tiêu về Tỷ lệ PAKN đúng hạn và "
                "tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC' [P]; tùy chọn: 6 điểm này chia "
                "đôi cho 5.2 và 5.4 (cách đọc của xaso).",
     .rule_en = "Points = 6 × rate [P]. No feedback: the portal gives 6 points [P] (default). "
                "The METRICS note says the points are split equally between feedback on time "
                "and dossier satisfaction [P]; option: these 6 points go half to 5.2 and half "
                "to 5.4 (xaso's reading)."},
    {.code = "5.4",
     .additive = true,
     .api_code = "DOSSIER_RECEIVING_SATISFACTION",
     .group = IDX_SATISFACTION,
     .name_vi = "Tỷ lệ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính",
     .name_en = "Satisfaction with dossier handling",
     .num_vi = "hồ sơ trừ hồ sơ không hài lòng, có PAKN về tiếp nhận, giải quyết, hoặc quá hạn",
     .den_vi = "hồ sơ TTHC thuộc thẩm quyền giải quyết",
     .scope = IDX_BOTH,
     .max = 6,
     .target = 0.9,
     .cap = true,
     .convert = IDX_TARGET,
     .zero = IDX_ZERO_NONE,
     .source = IDX_XASO,
     .counts = AT(dossier_satisfied),
     .rule_vi = "Điểm = min(6; 6 × tỷ lệ / 0,90) [P]; tối đa 6/18 khi đạt mục tiêu NQ 76/NQ-CP "
                "(90%) [S]. Mẫu số 0: 0 điểm [P].",
     .rule_en = "Points = min(6, 6 × rate / 0.90) [P]; 6/18 when the Resolution 76/NQ-CP target "
                "(90 %) is met [S]. Denominator 0: 0 points [P]."},
};

static const struct idx_profile profiles[] = {
    {"qd766-2022", "QĐ 766/QĐ-TTg, Phụ lục (23/6/2022)", "[O]", "2022-06-23", NULL, false,
     "Toàn văn phụ lục (danh mục chỉ số và điểm từng chỉ số) không tìm thấy trong nguồn [NF] "
     "(RULES.md §1.1; RULES-766-2026.md §1, §3).",
     "The annex's full text (every sub-indicator and its points) was not found in the sources "
     "[NF] (RULES.md §1.1; RULES-766-2026.md §1, §3).",
     NULL, 0, groups},
    {"dvcqg-2026-09", "Cách chấm của Cổng Dịch vụ công quốc gia (METRICS, 26/9/2026)", "[P]",
     "2022-06-23", NULL, true,
     "Bảng METRICS của 'Công thức 766.xlsx' và công thức khớp với trả lời của Cổng (GitHub "
     "ChippedTopaz/qd766, Phú Thọ, 26/9/2026); không phải văn bản pháp luật. Văn bản sửa đổi "
     "danh mục: không tìm thấy [NF].",
     "The METRICS sheet of 'Công thức 766.xlsx' and the point formulas fitted to the portal's "
     "answers (GitHub ChippedTopaz/qd766, Phú Thọ, 2026-09-26); not a legal text. The decision "
     "that revised the list: not found [NF].",
     portal, sizeof portal / sizeof portal[0], groups},
};

const struct idx_profile *idx_profiles(size_t *n)
{
	*n = sizeof profiles / sizeof profiles[0];
	return profiles;
}
