// nginx variables in annotation values ("$request_uri$host", "${cookie_user}-x"), as
// upstream-hash-by evaluates them for a request.
#pragma once

#include <string>
#include <string_view>

#include "models/ingress/canary.h"

namespace kns::models {

struct RequestVariables {
  std::string_view host;
  std::string_view request_uri;  // path and query, as sent
  std::string_view remote_addr;
  const HeaderList* headers = nullptr;
  const HeaderList* cookies = nullptr;
};

// Replaces $request_uri, $uri (path without query), $args, $host, $remote_addr, $http_<name>
// (dashes as underscores, any case) and $cookie_<name>; unknown variables become empty, as in
// nginx. ${name} delimits a name. The result replaces `out`'s text (its capacity is reused: no
// allocation once it has grown).
void expandNginxVariables(std::string_view text, const RequestVariables& request, std::string& out);
std::string expandNginxVariables(std::string_view text, const RequestVariables& request);

}  // namespace kns::models
