// The word tables' fields and words, for the test that holds them to scenario.proto.
#include "scenarios/enum_words.h"

namespace kns::scenarios {
namespace {

template <class Value>
std::pair<std::string, std::vector<std::string>> wordsOf(const WordTable<Value>& table) {
  std::vector<std::string> words;
  for (const auto& entry : table.words) words.emplace_back(entry.first);
  return {std::string(table.field), words};
}

}  // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> enumWordTables() {
  return {wordsOf(kProxyModes),
          wordsOf(kIpvsSchedulers),
          wordsOf(kDistributions),
          wordsOf(kArrivalProcesses),
          wordsOf(kConnectionModes),
          wordsOf(kTlsVersions),
          wordsOf(kIngressControllerKinds),
          wordsOf(kIngressServiceTypes),
          wordsOf(kTrafficPolicies)};
}

}  // namespace kns::scenarios
