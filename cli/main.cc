// kubenetsim: the headless program. Subcommands: validate, run, get, sweep, merge.
// Exit codes: 0 ok, 1 an SLO failed, 2 bad input or usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"kubenetsim: a discrete-event simulator of a Kubernetes cluster's network"};
  app.require_subcommand(1);
  const std::string set_help =
      "override a field by the path errors print, e.g. spec.traffic[0].arrivals.rate=3000/s";

  std::string scenario;
  std::vector<std::string> overrides;
  CLI::App* validate = app.add_subcommand(
      "validate", "check a scenario file and its manifests; exit 2 on any error");
  validate->add_option("SCENARIO", scenario, "the scenario file")->required();
  validate->add_option("--set", overrides, set_help);

  kns::cli::RunCommandOptions run_options;
  CLI::App* run = app.add_subcommand(
      "run",
      "simulate a scenario, print a summary and write report.json, timeseries.csv, "
      "report.html and trace.json; exit 1 if an SLO fails");
  run->add_option("SCENARIO", run_options.scenario, "the scenario file")->required();
  // A seed is a whole number: CLI11 alone would read -1 as 2^64 - 1.
  const CLI::Validator seed_check =
      CLI::TypeValidator<std::uint64_t>() &
      CLI::Validator(
          [](std::string& text) {
            return text.find_first_not_of("0123456789") == std::string::npos
                       ? std::string()
                       : "a seed is a whole number from 0 to 18446744073709551615";
          },
          "UINT64");
  run->add_option("--seed", run_options.seed, "master seed (overrides spec.seed)")
      ->check(seed_check);
  run->add_option("--set", run_options.overrides, set_help);
  run->add_option("--out", run_options.out, "output folder (default out/<scenario name>/)");
  run->add_option("--duration", run_options.duration,
                  "simulated time to run, e.g. 30s (overrides spec.duration)");
  run->add_flag("--quiet,-q", run_options.quiet, "no progress bar and no summary table");
  run->add_option("--trace-sample", run_options.trace_fraction,
                  "fraction of requests written to trace.json (at most 2000)")
      ->check(CLI::Validator(
          [](std::string& text) {
            double v = std::strtod(text.c_str(), nullptr);
            return v >= 0.0 && v <= 1.0 ? std::string() : "must be a number from 0 to 1";
          },
          "[0 - 1]"));
  run->add_option("--max-events", run_options.max_events,
                  "ceiling on the events of the run (default 2000000000)")
      ->check(CLI::PositiveNumber);
  run->add_option("--max-events-per-second", run_options.max_events_per_second,
                  "ceiling on the events in one simulated second (default 500000000)")
      ->check(CLI::PositiveNumber);

  kns::cli::GetCommandOptions get_options;
  CLI::App* get = app.add_subcommand(
      "get",
      "print pods, svc, endpoints, ingress, nodes, gatewayclasses, gateways or httproutes of the "
      "simulated cluster at a time, as kubectl does");
  get->add_option("KIND", get_options.kind,
                  "pods, svc, endpoints, ingress, nodes, gatewayclasses, gateways or httproutes")
      ->required();
  get->add_option("SCENARIO", get_options.scenario, "the scenario file")->required();
  get->add_option("--at", get_options.at, "simulated time, e.g. 30s (default 0s)");
  get->add_option("--set", get_options.overrides, set_help);
  get->add_option("-n,--namespace", get_options.ns, "namespace (default: default)");
  get->add_flag("-A,--all-namespaces", get_options.all_namespaces, "every namespace");
  std::string output;
  get->add_option("-o,--output", output,
                  "wide: more columns (IP and NODE of pods, ...); yaml: the Gateway API's objects "
                  "with their status")
      ->check(CLI::IsMember({"wide", "yaml"}));

  kns::cli::SweepCommandOptions sweep_options;
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "run a scenario over the cross product of varied values, R replications each; "
      "write sweep.csv and a results table (exit 1 if --find-min finds nothing)");
  sweep->add_option("SCENARIO", sweep_options.scenario, "the scenario file")->required();
  sweep
      ->add_option("--vary", sweep_options.vary,
                   "a field and its values: path=v1,v2,... or path=a..b:step, e.g. "
                   "spec.traffic[0].arrivals.rate=1000/s..3000/s:500/s")
      ->required();
  sweep->add_option("--set", sweep_options.overrides, set_help);
  sweep
      ->add_option("--replications,-r", sweep_options.replications,
                   "independent replications (random streams) of every configuration")
      ->check(CLI::Range(1, 10000));
  sweep->add_option("--jobs,-j", sweep_options.jobs, "runs at once (default: one per core)")
      ->check(CLI::Range(1, 1024));
  sweep->add_option("--shard", sweep_options.shard,
                    "run only shard i of N (i/N, 1-based); combine shards with merge");
  sweep->add_option("--out", sweep_options.out, "output folder (default out/<scenario>-sweep/)");
  sweep->add_option("--find-min", sweep_options.find_min,
                    "a --vary path: report its smallest value meeting every SLO");
  sweep->add_option("--slo", sweep_options.slos,
                    "an SLO instead of the scenario's: metric[@scope]<=bound or >=bound, e.g. "
                    "latency.p99<=50ms");
  sweep->add_flag("--reports", sweep_options.reports,
                  "also write every run's report.json, in runs/<run number>/");
  sweep->add_flag("--quiet,-q", sweep_options.quiet, "no progress and no results table");

  kns::cli::MergeCommandOptions merge_options;
  CLI::App* merge = app.add_subcommand(
      "merge", "combine the shard folders of a sweep into the files one unsharded sweep writes");
  merge->add_option("DIR", merge_options.dirs, "shard output folders")->required();
  merge->add_option("--out", merge_options.out, "output folder")->required();
  merge->add_flag("--quiet,-q", merge_options.quiet, "no results table");

  kns::cli::GenerateCommandOptions gen;
  CLI::App* generate = app.add_subcommand(
      "generate",
      "write a synthetic cluster scenario: N nodes, S Deployments of R pods behind ClusterIP "
      "Services, clients opening new connections after start-up");
  generate->add_option("--name", gen.cluster.name, "metadata.name (default generated)");
  generate->add_option("--nodes", gen.cluster.nodes, "nodes (default 100, at most 5000)");
  generate->add_option("--zones", gen.cluster.zones, "zones the nodes spread over (default 3)");
  generate->add_option("--services", gen.cluster.services,
                       "Deployments, each with a ClusterIP Service (default 100, at most 10000)");
  generate->add_option("--replicas", gen.cluster.replicas, "pods per Deployment (default 15)");
  generate->add_option("--rate", gen.cluster.rate_per_s,
                       "new connections per second over all clients (default 5000)");
  generate->add_option("--clients", gen.cluster.clients,
                       "traffic sources spread over the nodes and Services (default: one per "
                       "Service, at most 1000)");
  generate->add_option("--startup", gen.startup, "time to come up before traffic (default 60s)");
  generate->add_option("--traffic", gen.traffic, "how long traffic runs (default 60s)");
  generate->add_option("--kube-proxy-mode", gen.cluster.kube_proxy_mode,
                       "iptables (default), ipvs or nftables");
  generate->add_option("--service-time", gen.cluster.service_time_ms,
                       "mean service time per request in ms (exponential; default 5)");
  generate->add_option("--seed", gen.cluster.seed, "spec.seed (default 1)")->check(seed_check);
  generate->add_option("-o,--output", gen.out, "the file to write (default: standard output)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors exit 2, as bad input does
  }
  // Every command reports its own errors; anything that still escapes one is a bug of ours,
  // reported as an error (exit 2) rather than a crash.
  try {
    if (validate->parsed()) return kns::cli::validateCommand(scenario, overrides);
    if (run->parsed()) return kns::cli::runCommand(run_options);
    if (sweep->parsed()) return kns::cli::sweepCommand(sweep_options);
    if (merge->parsed()) return kns::cli::mergeCommand(merge_options);
    if (generate->parsed()) return kns::cli::generateCommand(gen);
    if (get->parsed()) {
      get_options.wide = output == "wide";
      get_options.yaml = output == "yaml";
      return kns::cli::getCommand(get_options);
    }
  } catch (const std::bad_alloc&) {
    std::fputs("kubenetsim: out of memory; nothing more was written\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kubenetsim: internal error: %s; nothing more was written\n", e.what());
  }
  return 2;
}
