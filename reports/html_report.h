// report.html: one self-contained page (inline CSS and SVG, no scripts, no network) made from
// the Report alone, so it can also be rebuilt from a saved report.json.
#pragma once

#include <string>

#include "reports/report.pb.h"

namespace kns::reports {

std::string htmlReport(const proto::Report& report);

}  // namespace kns::reports
