// Ziggurat tables (Marsaglia and Tsang, 2000) for the standard normal and the
// unit exponential: 256 layers of equal area under the density, so that about
// 99 % of draws cost one random word, a table look-up and a multiplication,
// with no logarithm or square root.
#pragma once

#include <array>
#include <cmath>

namespace fieldsim::sim {

struct Ziggurat {
    static constexpr std::size_t kLayers = 256;
    // Layer i spans [0, x[i]] between densities f[i] and f[i + 1];
    // x[0] > x[1] = r > ... > x[256] = 0. Layer 0 is the base, whose part
    // beyond r is the tail.
    std::array<double, kLayers + 1> x{};
    std::array<double, kLayers + 1> f{};

    // r: where the tail starts; v: the area of each layer.
    template <class Density, class Inverse>
    Ziggurat(double r, double v, Density density, Inverse inverse) {
        x[0] = v / density(r);
        x[1] = r;
        for (std::size_t i = 1; i < kLayers - 1; ++i)
            x[i + 1] = inverse(v / x[i] + density(x[i]));
        x[kLayers] = 0.0;
        for (std::size_t i = 0; i <= kLayers; ++i)
            f[i] = density(x[i]);
    }
};

// Unnormalised densities: exp(-x^2 / 2) and exp(-x).
inline const Ziggurat kNormalZiggurat(
    3.6541528853610088, 4.92867323399e-3, [](double x) { return std::exp(-0.5 * x * x); },
    [](double y) { return std::sqrt(-2.0 * std::log(y)); });

inline const Ziggurat kExponentialZiggurat(
    7.69711747013104972, 3.949659822581572e-3, [](double x) { return std::exp(-x); },
    [](double y) { return -std::log(y); });

} // namespace fieldsim::sim
