// The benchmark's C++ reference: LEMON's network simplex on a DIMACS min-cost flow file.
// Usage: mcf <file.min>; prints one JSON line: status, objective, nodes, arcs, maxRssMb and the
// times of reading the file into the graph, handing the maps to the solver, and its run() alone.
// Built by bench/lemon.ts: g++ -O2 -std=c++17 bench/lemon/mcf.cpp -llemon.
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <stdexcept>

using Graph = lemon::SmartDigraph;
// The bench's instances are integral (bench/dimacs.ts refuses others): LEMON's network simplex is
// exact on integers, and long long holds the objective of the 1M-lane instance (~1e11).
using Value = long long;
using Solver = lemon::NetworkSimplex<Graph, Value, Value>;
using Clock = std::chrono::steady_clock;

static double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::printf("{\"status\":\"error\",\"message\":\"usage: mcf <file.min>\"}\n");
    return 1;
  }
  // LEMON's own reader: a capacity below the arc's lower bound reads as infinite (the largest
  // long long), which is how bench/dimacs.ts writes one.
  const auto readStart = Clock::now();
  Graph graph;
  Graph::ArcMap<Value> lower(graph), upper(graph), cost(graph);
  Graph::NodeMap<Value> supply(graph);
  try {
    std::ifstream in(argv[1]);
    if (!in) throw std::runtime_error("cannot open the file");
    lemon::readDimacsMin(in, graph, lower, upper, cost, supply);
  } catch (const std::exception &error) {
    std::printf("{\"status\":\"error\",\"message\":\"reading the file: %s\"}\n", error.what());
    return 1;
  }
  const double readMs = msSince(readStart);

  const auto setupStart = Clock::now();
  Solver solver(graph);
  solver.lowerMap(lower).upperMap(upper).costMap(cost).supplyMap(supply);
  const double setupMs = msSince(setupStart);

  // The core: run() alone, with LEMON's default pivot rule (block search).
  const auto solveStart = Clock::now();
  const Solver::ProblemType outcome = solver.run();
  const double solveMs = msSince(solveStart);

  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  const char *status = outcome == Solver::OPTIMAL      ? "optimal"
                       : outcome == Solver::INFEASIBLE ? "infeasible"
                                                       : "unbounded";
  std::printf("{\"status\":\"%s\",", status);
  if (outcome == Solver::OPTIMAL) std::printf("\"objective\":%lld,", solver.totalCost());
  std::printf(
      "\"nodes\":%d,\"arcs\":%d,\"readMs\":%.3f,\"setupMs\":%.3f,\"solveMs\":%.3f,"
      "\"maxRssMb\":%.1f}\n",
      lemon::countNodes(graph), lemon::countArcs(graph), readMs, setupMs, solveMs,
      usage.ru_maxrss / 1024.0);
  return 0;
}
