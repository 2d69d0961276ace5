/*
 * i18n_index766.c: the message catalogue of the 766 index's pages
 * (page_index766.c), Vietnamese first.
 */
#include <stddef.h>

#include "web/i18n.h"

/* Sorted by key (checked by the catalogue test). */
const struct message i18n_index766[] = {
    {"idx.approved_on", "duyệt ngày", "approved on"},
    {"idx.breakdown", "Chi tiết các chỉ tiêu", "Sub-indicators"},
    {"idx.csv", "Tải về (CSV)", "Download (CSV)"},
    {"idx.den", "Mẫu số", "Denominator"},
    {"idx.external", "Số liệu báo cáo", "External, reported"},
    {"idx.groups", "Điểm theo nhóm", "Points by group"},
    {"idx.incomplete",
     "Còn thiếu số liệu báo cáo của một số chỉ tiêu: các chỉ tiêu đó tạm tính 0 điểm.",
     "Some reported figures are missing: those rows count 0 points for now."},
    {"idx.na", "Không áp dụng", "Not applicable"},
    {"idx.no_data", "Chưa có số liệu", "No figure yet"},
    {"idx.not_reported", "chưa có báo cáo nào, không áp dụng", "nothing reported, not applicable"},
    {"idx.num", "Tử số", "Numerator"},
    {"idx.out_of_scope", "Chỉ cấp tỉnh", "Provinces only"},
    {"idx.period", "Kỳ (2026, 2026-Q1, 2026-03)", "Period (2026, 2026-Q1, 2026-03)"},
    {"idx.points", "Điểm", "Points"},
    {"idx.provinces", "Các tỉnh, thành phố", "Provinces"},
    {"idx.rank", "Hạng", "Rank"},
    {"idx.ranking", "Xếp hạng chỉ số 766", "766 index ranking"},
    {"idx.rate", "Tỷ lệ", "Rate"},
    {"idx.reported_by", "bởi", "by"},
    {"idx.row", "Chỉ tiêu", "Sub-indicator"},
    {"idx.rule", "Cách tính", "How it is scored"},
    {"idx.show", "Xem", "Show"},
    {"idx.target", "Mục tiêu", "Target"},
    {"idx.title", "Chỉ số phục vụ người dân (QĐ 766)", "Service index (Decision 766)"},
    {"idx.to_fix", "Hồ sơ cần khắc phục", "Dossiers to fix"},
    {"idx.total", "Tổng điểm", "Total"},
    {"idx.tracking", "Chỉ theo dõi", "Tracked only"},
    {"idx.trend", "Diễn biến 12 tháng", "The last 12 months"},
    {"idx.unit", "Đơn vị", "Unit"},
    {"idx.xlsx", "Tải về (Excel)", "Download (Excel)"},
    {NULL, NULL, NULL},
};
