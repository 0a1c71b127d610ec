// Int-or-percent resolution for rolling-update parameters.
#include "models/cluster/workload.h"

namespace kns::models {

int IntOrPercent::resolve(int total, bool round_up) const {
  if (!percent) return value;
  // Integer arithmetic, as intstr.GetScaledValueFromIntOrPercent: ceil or floor of value% of
  // total, with no floating-point rounding surprises.
  long long scaled = static_cast<long long>(value) * total;
  return static_cast<int>(round_up ? (scaled + 99) / 100 : scaled / 100);
}

}  // namespace kns::models
