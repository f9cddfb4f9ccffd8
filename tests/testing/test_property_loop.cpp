// The loop of the randomised property tests (tests/support.hpp): CONSTEL_TEST_MULTIPLIER scales the
// number of random cases, each case has its own seed, CONSTEL_TEST_SEED reruns one case, and a bad
// multiplier is refused with a message instead of silently running nothing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <set>

#include "support.hpp"

namespace {

// Sets an environment variable for the scope and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_)
      ::setenv(name_, old_.c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

std::vector<std::uint64_t> first_draws(std::size_t iterations) {
  std::vector<std::uint64_t> draws;
  constel::test::for_each_random_case<std::mt19937_64>(800, iterations,
                                                        [&](std::mt19937_64& rng) { draws.push_back(rng()); });
  return draws;
}

}  // namespace

TEST_CASE("800: CONSTEL_TEST_MULTIPLIER scales the random cases, each with its own seed", "[quick][testing]") {
  ScopedEnv no_seed("CONSTEL_TEST_SEED", nullptr);
  {
    ScopedEnv env("CONSTEL_TEST_MULTIPLIER", nullptr);
    CHECK(constel::test::test_multiplier() == 1);
    auto d = first_draws(5);
    REQUIRE(d.size() == 5);
    CHECK(d[0] == std::mt19937_64(800)());
    CHECK(d[4] == std::mt19937_64(804)());
    CHECK(std::set<std::uint64_t>(d.begin(), d.end()).size() == 5);
  }
  {
    ScopedEnv env("CONSTEL_TEST_MULTIPLIER", "3");
    CHECK(constel::test::test_multiplier() == 3);
    auto d = first_draws(5);
    REQUIRE(d.size() == 15);
    CHECK(d[14] == std::mt19937_64(814)());
  }
  for (const char* bad : {"0", "x", "2x", "-1"}) {
    INFO("CONSTEL_TEST_MULTIPLIER=" << bad);
    ScopedEnv env("CONSTEL_TEST_MULTIPLIER", bad);
    CHECK_THROWS_WITH(constel::test::test_multiplier(),
                      Catch::Contains("CONSTEL_TEST_MULTIPLIER: expected a whole number in [1, 1000000]"));
  }
}

TEST_CASE("801: CONSTEL_TEST_SEED reruns exactly one random case", "[quick][testing]") {
  ScopedEnv env("CONSTEL_TEST_MULTIPLIER", "7");
  ScopedEnv seed("CONSTEL_TEST_SEED", "803");
  auto d = first_draws(5);
  REQUIRE(d.size() == 1);
  CHECK(d[0] == std::mt19937_64(803)());
}
