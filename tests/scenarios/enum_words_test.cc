// Every word the schema allows has a meaning, and every meaning a word the schema allows:
// scenario.proto's one_of lists against the tables of scenarios/enum_words.h.
#include "scenarios/enum_words.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "scenarios/scenario.pb.h"

namespace kns::scenarios {
namespace {

namespace pb = google::protobuf;

// Fields whose words are carried as text, not mapped to a value: the HTTP method is a header.
const std::set<std::string> kKeptAsText = {"kns.scenarios.proto.RequestKind.method"};

void collectOneOfs(const pb::Descriptor* d, std::set<const pb::Descriptor*>& seen,
                   std::map<std::string, std::set<std::string>>& out) {
  if (!seen.insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    std::string one_of = f->options().GetExtension(proto::one_of);
    if (!one_of.empty()) {
      std::stringstream words(one_of);
      for (std::string word; std::getline(words, word, '|');) out[f->full_name()].insert(word);
    }
    if (f->message_type() != nullptr) collectOneOfs(f->message_type(), seen, out);
  }
}

TEST(EnumWords, EveryTableMapsExactlyTheWordsItsFieldAllows) {
  std::map<std::string, std::set<std::string>> schema;
  std::set<const pb::Descriptor*> seen;
  collectOneOfs(proto::Scenario::descriptor(), seen, schema);
  ASSERT_GT(schema.size(), 5u) << "the schema's one_of fields were found";
  std::set<std::string> mapped;
  for (const auto& [field, words] : enumWordTables()) {
    mapped.insert(field);
    ASSERT_TRUE(schema.count(field)) << field << " is not a one_of field of scenario.proto";
    EXPECT_EQ(std::set<std::string>(words.begin(), words.end()), schema.at(field)) << field;
  }
  for (const auto& [field, words] : schema) {
    EXPECT_TRUE(mapped.count(field) || kKeptAsText.count(field))
        << field << " allows words that no table in scenarios/enum_words.h gives a meaning";
  }
}

TEST(EnumWords, AWordWithoutAMeaningIsAProgrammingErrorNotAFallback) {
  EXPECT_EQ(kProxyModes("ipvs"), models::ProxyMode::Ipvs);
  EXPECT_EQ(kConnectionModes("keep-alive"), models::ConnectionMode::KeepAlive);
  EXPECT_EQ(kTlsVersions("1.2"), 12);
  EXPECT_THROW(kProxyModes("userspace"), std::logic_error);
  EXPECT_THROW(kIpvsSchedulers("RR"), std::logic_error);
}

}  // namespace
}  // namespace kns::scenarios
