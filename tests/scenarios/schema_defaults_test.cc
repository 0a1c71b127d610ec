// The schema's defaults as the code reads them: every optional number with a default_value
// option gives that number when absent and the value when set; one without a default cannot be
// read as if it had one.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <string>

#include "scenarios/scenario.pb.h"
#include "scenarios/scenario_loader.h"

namespace kns::scenarios {
namespace {

namespace pb = google::protobuf;

// Visits every message type reachable from Scenario once.
void forEachMessage(const pb::Descriptor* d, std::set<const pb::Descriptor*>& seen,
                    const std::function<void(const pb::Descriptor*)>& visit) {
  if (!seen.insert(d).second) return;
  visit(d);
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->message_type() != nullptr)
      forEachMessage(d->field(i)->message_type(), seen, visit);
  }
}

TEST(SchemaDefaults, EveryOptionalNumberWithADefaultReadsAsIt) {
  std::set<const pb::Descriptor*> seen;
  int checked = 0;
  forEachMessage(proto::Scenario::descriptor(), seen, [&](const pb::Descriptor* d) {
    if (d->options().map_entry()) return;
    std::unique_ptr<pb::Message> empty(
        pb::MessageFactory::generated_factory()->GetPrototype(d)->New());
    for (int i = 0; i < d->field_count(); ++i) {
      const pb::FieldDescriptor* f = d->field(i);
      if (f->is_repeated() || !f->has_presence() || f->message_type() != nullptr) continue;
      std::string fallback = f->options().GetExtension(proto::default_value);
      std::string name(f->name());
      switch (f->cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_INT32:
        case pb::FieldDescriptor::CPPTYPE_INT64:
          if (fallback.empty()) {
            EXPECT_THROW(intOr(*empty, name.c_str()), std::logic_error) << f->full_name();
            continue;
          }
          EXPECT_EQ(std::to_string(intOr(*empty, name.c_str())), fallback) << f->full_name();
          break;
        case pb::FieldDescriptor::CPPTYPE_UINT64:
          if (fallback.empty()) continue;
          EXPECT_EQ(std::to_string(uint64Or(*empty, name.c_str())), fallback) << f->full_name();
          break;
        case pb::FieldDescriptor::CPPTYPE_DOUBLE:
          if (fallback.empty()) continue;
          EXPECT_DOUBLE_EQ(doubleOr(*empty, name.c_str()), std::stod(fallback)) << f->full_name();
          break;
        default:
          continue;
      }
      ++checked;
    }
  });
  EXPECT_GT(checked, 15) << "the schema's optional numbers were found";
}

TEST(SchemaDefaults, ASetValueWinsOverTheDefault) {
  proto::Scenario scenario;
  EXPECT_EQ(uint64Or(scenario.spec(), "seed"), 1u);
  scenario.mutable_spec()->set_seed(0);  // set to zero: zero, not the default
  EXPECT_EQ(uint64Or(scenario.spec(), "seed"), 0u);
  proto::Nodes nodes;
  EXPECT_EQ(intOr(nodes, "count"), 3);
  nodes.set_count(12);
  EXPECT_EQ(intOr(nodes, "count"), 12);
  EXPECT_THROW(intOr(nodes, "no_such_field"), std::logic_error);
}

}  // namespace
}  // namespace kns::scenarios
