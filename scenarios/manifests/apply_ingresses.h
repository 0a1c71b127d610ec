// Ingress manifests to the models' IngressSpec, per ingress controller: which Ingresses a
// controller serves (spec.ingressClassName, the legacy kubernetes.io/ingress.class annotation,
// or the default IngressClass), with backends resolved to Services and port names to numbers.
#pragma once

#include <string>
#include <vector>

#include "models/ingress/ingress.h"
#include "models/world.h"
#include "scenarios/diagnostics.h"
#include "scenarios/manifests/manifests.h"

namespace kns::scenarios {

// The Ingresses of `manifests` that a controller of `ingress_class` serves, in manifest order.
// A backend naming a missing Service (or port) is a warning: its requests get 503 at run time.
std::vector<models::IngressSpec> ingressesForClass(const models::World& world,
                                                   const Manifests& manifests,
                                                   const std::string& ingress_class,
                                                   Diagnostics& diagnostics);

// Warns about Ingresses that no installed controller serves (they do nothing, as in a cluster
// without a matching controller).
void warnUnservedIngresses(const Manifests& manifests, const std::vector<std::string>& classes,
                           Diagnostics& diagnostics);

}  // namespace kns::scenarios
