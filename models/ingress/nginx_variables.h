// nginx variables in annotation values ("$request_uri$host", "${cookie_user}-x"), as
// upstream-hash-by evaluates them for a request.
#pragma once

#include <string>

#include "models/ingress/canary.h"

namespace kns::models {

struct RequestVariables {
  std::string host;
  std::string request_uri;  // path and query, as sent
  std::string remote_addr;
  const HeaderList* headers = nullptr;
  const HeaderList* cookies = nullptr;
};

// Replaces $request_uri, $uri (path without query), $args, $host, $remote_addr, $http_<name>
// (dashes as underscores, any case) and $cookie_<name>; unknown variables become empty, as in
// nginx. ${name} delimits a name.
std::string expandNginxVariables(const std::string& text, const RequestVariables& request);

}  // namespace kns::models
