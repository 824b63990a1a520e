// Optimizees registered by a program of one's own: refused names, and a
// registered one chosen by `--optimizee NAME` and built by the factory.
#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizer/run/factory.hpp"
#include "optimizer/run/optimizee_registry.hpp"
#include "optimizer/run/run_options.hpp"

using namespace l2l;

namespace {

// f(x) = -(x0 - 0.25)^2 on [-1, 1].
class Parabola final : public Optimizee {
public:
    explicit Parabola(std::uint64_t seed) : seed_(seed) {}
    std::string_view name() const override { return "parabola"; }
    std::size_t genome_size() const override { return 1; }
    Bounds bounds() const override { return {{-1.0}, {1.0}}; }
    EvalResult evaluate(std::span<const double> genome, const EvalContext&) const override {
        EvalResult result;
        result.fitness = -(genome[0] - 0.25) * (genome[0] - 0.25);
        return result;
    }
    std::uint64_t seed_;
};

OptimizeeMaker parabola_maker() {
    return [](const ExperimentConfig& config) { return std::make_unique<Parabola>(config.seed); };
}

// What the errors list as allowed: the built-in names, then the registered ones.
std::string allowed_list() {
    std::string list;
    for (const std::string& name : optimizee_names()) list += (list.empty() ? "" : ", ") + name;
    return list;
}

std::string parse_error(const std::vector<std::string>& args, ExperimentConfig& config) {
    RunFlags flags;
    CLI::App app{"test", "l2l run"};
    add_run_options(app, config, flags);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("optimizee registry: names that are refused") {
    CHECK_THROWS_WITH_AS(register_optimizee("snn", "", parabola_maker()), "register_optimizee: 'snn' is a built-in optimizee",
                         std::invalid_argument);
    CHECK_THROWS_AS(register_optimizee("", "", parabola_maker()), std::invalid_argument);
    CHECK_THROWS_WITH_AS(register_optimizee("my model", "", parabola_maker()),
                         "register_optimizee: name 'my model' is not allowed; allowed: letters, digits, '_' and '-'",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(register_optimizee("no_maker", "", OptimizeeMaker{}), "register_optimizee: 'no_maker' has no maker",
                         std::invalid_argument);
    CHECK(find_registered_optimizee("no_maker") == nullptr);
    register_optimizee("twice", "registered once", parabola_maker());
    CHECK_THROWS_WITH_AS(register_optimizee("twice", "", parabola_maker()), "register_optimizee: 'twice' is registered already",
                         std::invalid_argument);
}

TEST_CASE("optimizee registry: --optimizee NAME builds the registered optimizee") {
    ExperimentConfig before;
    CHECK(parse_error({"--optimizee", "parabola-1"}, before) ==
          "--optimizee: value 'parabola-1' is not allowed; allowed: " + allowed_list());
    register_optimizee("parabola-1", "a parabola", parabola_maker());
    const std::vector<std::string> names = optimizee_names();
    CHECK(std::vector<std::string>(names.begin(), names.begin() + 3) == std::vector<std::string>{"benchmark", "snn", "command"});
    CHECK(names.back() == "parabola-1");

    ExperimentConfig config;
    REQUIRE(parse_error({"--optimizee", "parabola-1", "--seed", "9"}, config).empty());
    validate(config);
    const std::unique_ptr<Optimizee> optimizee = make_optimizee(config);
    REQUIRE(optimizee->name() == "parabola");
    CHECK(dynamic_cast<const Parabola&>(*optimizee).seed_ == 9);  // the maker got the run's config
    const std::vector<double> genome{0.75};
    CHECK(optimizee->evaluate(genome, EvalContext{}).fitness == -0.25);

    config.optimizee = "not_registered";
    CHECK(allowed_list().ends_with(", parabola-1"));
    CHECK_THROWS_WITH_AS(make_optimizee(config), ("optimizee = not_registered is unknown; allowed: " + allowed_list()).c_str(),
                         ConfigError);
}
