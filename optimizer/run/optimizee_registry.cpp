#include "optimizer/run/optimizee_registry.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace l2l {
namespace {

constexpr std::array<std::string_view, 3> kBuiltIn{"benchmark", "snn", "command"};

std::vector<RegisteredOptimizee>& registry() {
    static std::vector<RegisteredOptimizee> entries;
    return entries;
}

bool plain_word(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

}  // namespace

void register_optimizee(std::string name, std::string description, OptimizeeMaker make) {
    if (!plain_word(name)) {
        throw std::invalid_argument("register_optimizee: name '" + name +
                                    "' is not allowed; allowed: letters, digits, '_' and '-'");
    }
    if (std::find(kBuiltIn.begin(), kBuiltIn.end(), name) != kBuiltIn.end()) {
        throw std::invalid_argument("register_optimizee: '" + name + "' is a built-in optimizee");
    }
    if (find_registered_optimizee(name) != nullptr) {
        throw std::invalid_argument("register_optimizee: '" + name + "' is registered already");
    }
    if (!make) throw std::invalid_argument("register_optimizee: '" + name + "' has no maker");
    registry().push_back({std::move(name), std::move(description), std::move(make)});
}

const RegisteredOptimizee* find_registered_optimizee(std::string_view name) {
    for (const RegisteredOptimizee& entry : registry()) {
        if (entry.name == name) return &entry;
    }
    return nullptr;
}

std::vector<std::string> optimizee_names() {
    std::vector<std::string> names(kBuiltIn.begin(), kBuiltIn.end());
    for (const RegisteredOptimizee& entry : registry()) names.push_back(entry.name);
    return names;
}

}  // namespace l2l
