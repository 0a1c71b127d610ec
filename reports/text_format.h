// Number and CSV text shared by the report writers and sweeps.
#pragma once

#include <string>

namespace kns::reports {

// The shortest text that reads back as the same double ("0.1", not "0.10000000000000001").
std::string shortestNumber(double value);
// A CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled).
std::string csvField(const std::string& text);

}  // namespace kns::reports
