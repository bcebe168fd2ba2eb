// Random streams: xoshiro256** seeded through SplitMix64.
//
// A stream is named by (seed, replication, purpose, index). Purposes keep the
// randomness of arrivals, work times and decisions apart, so two scenarios run
// with the same seed share the draws of every purpose they have in common
// (common random numbers): adding a technician does not reshuffle the orders.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>

namespace fieldsim::sim {

constexpr std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Mixes a list of words into one 64-bit key, order-sensitive.
constexpr std::uint64_t mix_keys(std::initializer_list<std::uint64_t> words) {
    std::uint64_t state = 0x6a09e667f3bcc909ULL;
    std::uint64_t key = 0;
    for (std::uint64_t w : words) {
        state ^= w;
        key = splitmix64(state);
        state = key;
    }
    return key;
}

class Stream {
  public:
    Stream(std::uint64_t seed, std::uint64_t replication, std::uint64_t purpose,
           std::uint64_t index = 0) {
        std::uint64_t state = mix_keys({seed, replication, purpose, index});
        for (auto& word : s_)
            word = splitmix64(state);
    }

    std::uint64_t next() {
        const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = std::rotl(s_[3], 45);
        return result;
    }

    // Uniform on [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform on (0, 1]: safe to take the logarithm of.
    double uniform_open0() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).
    std::uint64_t below(std::uint64_t n) {
        __uint128_t m = static_cast<__uint128_t>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = -n % n;
            while (low < threshold) {
                m = static_cast<__uint128_t>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    bool bernoulli(double p) { return uniform() < p; }
    double exponential(double rate) { return -std::log(uniform_open0()) / rate; }

    // Standard normal by the polar method; the spare deviate is kept.
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = 2.0 * uniform() - 1.0;
            v = 2.0 * uniform() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double factor = std::sqrt(-2.0 * std::log(s) / s);
        spare_ = v * factor;
        has_spare_ = true;
        return u * factor;
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }

  private:
    std::uint64_t s_[4];
    double spare_ = 0.0;
    bool has_spare_ = false;
};

} // namespace fieldsim::sim
