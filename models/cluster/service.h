// The part of a Service the cluster needs before traffic exists: which pods it selects.
#pragma once

#include <string>
#include <vector>

#include "models/ids.h"
#include "models/labels.h"

namespace kns::models {

struct ServicePort {
  std::string name;
  std::string protocol = "TCP";
  int port = 80;
  int target_port = 80;  // numeric; named target ports are resolved by the scenario loader
};

struct ServiceSpec {
  std::string name;
  std::string ns = "default";
  // matchLabels only, as in Kubernetes. No selector: endpoints are not managed by the controller.
  Labels selector;
  bool has_selector = true;
  std::vector<ServicePort> ports{ServicePort{}};
  bool publish_not_ready_addresses = false;
};

struct Service {
  ServiceId id;
  ServiceSpec spec;
};

}  // namespace kns::models
