// The benchmark's C++ reference: LEMON's network simplex on a DIMACS min-cost flow file.
// Usage: mcf <file.min>; prints one JSON line: status, objective, nodes, arcs, maxRssMb and the
// times of reading the file into the graph, handing the maps to the solver, and its run() alone.
// Built by bench/lemon.ts: g++ -O2 -std=c++17 bench/lemon/mcf.cpp -llemon.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

using Graph = lemon::SmartDigraph;
// The bench's instances are integral (bench/dimacs.ts refuses others): LEMON's network simplex is
// exact on integers, and long long holds the objective of the 1M-lane instance (~1e11).
using Value = long long;
using Solver = lemon::NetworkSimplex<Graph, Value, Value>;
using Clock = std::chrono::steady_clock;

static double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

static void fail(const char *message) {
  std::printf("{\"status\":\"error\",\"message\":\"%s\"}\n", message);
  std::exit(1);
}

// A reader of its own rather than lemon::readDimacsMin: that one parses through iostreams, about
// ten times slower, which would count against LEMON in its whole-process time. Same conventions:
// nodes numbered from 1, an `n` line for each node with a non-zero supply, and a capacity below
// the arc's lower bound meaning infinite.
static char *skipToNextLine(char *p) {
  while (*p && *p != '\n') ++p;
  return *p ? p + 1 : p;
}

int main(int argc, char **argv) {
  if (argc != 2) fail("usage: mcf <file.min>");
  const auto readStart = Clock::now();
  std::FILE *file = std::fopen(argv[1], "rb");
  if (!file) fail("cannot open the file");
  std::fseek(file, 0, SEEK_END);
  const long size = std::ftell(file);
  std::fseek(file, 0, SEEK_SET);
  std::vector<char> text(size + 1);
  if (std::fread(text.data(), 1, size, file) != static_cast<size_t>(size)) fail("short read");
  std::fclose(file);
  text[size] = '\0';

  std::vector<Value> lowers, uppers, costs;
  std::vector<std::pair<int, int>> ends;
  std::vector<std::pair<int, Value>> supplies;
  long nodeCount = -1, arcCount = 0;
  const Value infinite = std::numeric_limits<Value>::max();
  for (char *p = text.data(); *p;) {
    char *q;
    switch (*p) {
      case 'p':
        p += 1;
        while (*p == ' ') ++p;
        if (std::strncmp(p, "min", 3) != 0) fail("not a min-cost flow file (p min)");
        nodeCount = std::strtol(p + 3, &q, 10);
        arcCount = std::strtol(q, &q, 10);
        lowers.reserve(arcCount);
        uppers.reserve(arcCount);
        costs.reserve(arcCount);
        ends.reserve(arcCount);
        p = q;
        break;
      case 'n': {
        const long id = std::strtol(p + 1, &q, 10);
        supplies.emplace_back(static_cast<int>(id), std::strtoll(q, &q, 10));
        p = q;
        break;
      }
      case 'a': {
        const long from = std::strtol(p + 1, &q, 10);
        const long to = std::strtol(q, &q, 10);
        const Value low = std::strtoll(q, &q, 10);
        const Value cap = std::strtoll(q, &q, 10);
        const Value c = std::strtoll(q, &q, 10);
        ends.emplace_back(static_cast<int>(from), static_cast<int>(to));
        lowers.push_back(low);
        uppers.push_back(cap < low ? infinite : cap);
        costs.push_back(c);
        p = q;
        break;
      }
      default:
        break;
    }
    p = skipToNextLine(p);
  }
  if (nodeCount < 0) fail("no problem line (p min)");
  if (static_cast<long>(ends.size()) != arcCount) fail("arc count differs from the problem line");
  Graph graph;
  std::vector<Graph::Node> nodes;
  graph.reserveNode(nodeCount);
  graph.reserveArc(arcCount);
  nodes.reserve(nodeCount + 1);
  nodes.push_back(lemon::INVALID);
  for (long v = 1; v <= nodeCount; ++v) nodes.push_back(graph.addNode());
  Graph::NodeMap<Value> supply(graph, 0);
  for (const auto &[id, s] : supplies) {
    if (id < 1 || id > nodeCount) fail("node id out of range");
    supply[nodes[id]] = s;
  }
  Graph::ArcMap<Value> lower(graph), upper(graph), cost(graph);
  for (long a = 0; a < arcCount; ++a) {
    const auto [from, to] = ends[a];
    if (from < 1 || from > nodeCount || to < 1 || to > nodeCount) fail("arc end out of range");
    const Graph::Arc arc = graph.addArc(nodes[from], nodes[to]);
    lower[arc] = lowers[a];
    upper[arc] = uppers[a];
    cost[arc] = costs[a];
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
  const double maxRssMb = usage.ru_maxrss / 1024.0;
  const char *status = outcome == Solver::OPTIMAL      ? "optimal"
                       : outcome == Solver::INFEASIBLE ? "infeasible"
                                                       : "unbounded";
  std::printf("{\"status\":\"%s\",", status);
  if (outcome == Solver::OPTIMAL) std::printf("\"objective\":%lld,", solver.totalCost());
  std::printf(
      "\"nodes\":%ld,\"arcs\":%ld,\"readMs\":%.3f,\"setupMs\":%.3f,\"solveMs\":%.3f,"
      "\"maxRssMb\":%.1f}\n",
      nodeCount, arcCount, readMs, setupMs, solveMs, maxRssMb);
  return 0;
}
