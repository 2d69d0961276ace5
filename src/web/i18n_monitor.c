/* i18n_monitor.c: the catalogue of the monitoring pages: the province's
 * table of communes, a commune's indicator cards, criteria and tasks, and
 * the rankings of an indicator (sorted by key). */
#include <stddef.h>

#include "web/i18n.h"

const struct message i18n_monitor[] = {
    {"mon.colour", "Màu", "Colour"},
    {"mon.communes", "Các xã, phường theo tiêu chí chuyển đổi số",
     "Communes and wards by the digital-transformation criteria"},
    {"mon.criteria", "Tiêu chí", "Criteria"},
    {"mon.criteria_met", "Tiêu chí đạt", "Criteria met"},
    {"mon.deadline", "Hạn", "Deadline"},
    {"mon.download", "Tải bảng", "Download the table"},
    {"mon.failed", "Chưa đạt", "Not met"},
    {"mon.green", "Xanh", "Green"},
    {"mon.indicator", "Chỉ số", "Indicator"},
    {"mon.indicators", "Chỉ số chuyển đổi số", "Digital-transformation indicators"},
    {"mon.met", "Đạt", "Met"},
    {"mon.no_data", "Chưa có số liệu", "No data"},
    {"mon.no_tasks", "Chưa có nhiệm vụ nào được giao.", "No task assigned."},
    {"mon.owner", "Người phụ trách", "Owner"},
    {"mon.period", "Kỳ", "Period"},
    {"mon.period_go", "Xem", "Show"},
    {"mon.pick_parent", "Chọn tỉnh để xếp hạng các xã:", "Pick a province to rank its communes:"},
    {"mon.progress", "Tiến độ", "Progress"},
    {"mon.rank", "Hạng", "Rank"},
    {"mon.ranking", "Xếp hạng", "Ranking"},
    {"mon.red", "Đỏ", "Red"},
    {"mon.source", "Nguồn", "Source"},
    {"mon.state", "Tình trạng", "State"},
    {"mon.status", "Tình trạng chuyển đổi số", "Digital-transformation status"},
    {"mon.target", "Chỉ tiêu", "Target"},
    {"mon.tasks", "Nhiệm vụ kế hoạch", "Plan tasks"},
    {"mon.tasks_done", "nhiệm vụ hoàn thành", "tasks done"},
    {"mon.track.achieved", "Đã đạt chỉ tiêu", "Target reached"},
    {"mon.track.getting_worse", "Đang xấu đi", "Getting worse"},
    {"mon.track.needs_attention", "Cần chú ý", "Needs attention"},
    {"mon.track.off_track", "Chậm so với lộ trình", "Off track"},
    {"mon.track.on_track", "Đúng lộ trình", "On track"},
    {"mon.track.unknown", "Chưa đánh giá được xu hướng", "Trend not assessed"},
    {"mon.value", "Giá trị", "Value"},
    {"mon.yellow", "Vàng", "Yellow"},
    {NULL, NULL, NULL},
};
