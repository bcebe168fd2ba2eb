// Random streams: xoshiro256** seeded through SplitMix64.
//
// A stream is named by (seed, replication, purpose, index). Purposes keep the
// randomness of arrivals, work times and decisions apart, so two scenarios run
// with the same seed share the draws of every purpose they have in common
// (common random numbers): adding a technician does not reshuffle the orders.
#pragma once

#include "sim/ziggurat.h"

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

// Mixes more words into a key, order-sensitive: mix_more(mix_keys({a, b}),
// {c}) is mix_keys({a, b, c}).
constexpr std::uint64_t mix_more(std::uint64_t key, std::initializer_list<std::uint64_t> words) {
    for (std::uint64_t w : words) {
        std::uint64_t state = key ^ w;
        key = splitmix64(state);
    }
    return key;
}

// Mixes a list of words into one 64-bit key, order-sensitive.
constexpr std::uint64_t mix_keys(std::initializer_list<std::uint64_t> words) {
    return words.size() == 0 ? 0 : mix_more(0x6a09e667f3bcc909ULL, words);
}

class Stream {
  public:
    Stream(std::uint64_t seed, std::uint64_t replication, std::uint64_t purpose,
           std::uint64_t index = 0)
        : Stream(mix_keys({seed, replication, purpose, index})) {}

    // The stream named by a key mix_keys made of its four words.
    static Stream of_key(std::uint64_t key) { return Stream(key); }

    std::uint64_t next() {
        const std::uint64_t result = scramble(s_[1]);
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
    double uniform() { return unit(next()); }
    // A word's top 53 bits as a number on [0, 1), as uniform() draws it.
    static double unit(std::uint64_t word) { return static_cast<double>(top53(word)) * 0x1.0p-53; }
    static std::uint64_t top53(std::uint64_t word) { return word >> 11; }
    // unit(word) < p exactly when top53(word) < below_unit(p), for p in
    // [0, 1]: scaling by 2^53 is exact and the bits are whole, so a test
    // made many times against one p is an integer comparison.
    static std::uint64_t below_unit(double p) {
        return static_cast<std::uint64_t>(std::ceil(p * 0x1.0p53));
    }
    // The first word next() returns of Stream::of_key(key), without making
    // the stream: that word is read from its second state word alone.
    static std::uint64_t first_of_key(std::uint64_t key) {
        splitmix64(key);
        return scramble(splitmix64(key));
    }

    // Uniform on (0, 1]: safe to take the logarithm of.
    double uniform_open0() { return static_cast<double>(top53(next()) + 1) * 0x1.0p-53; }
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
    double exponential(double rate) { return unit_exponential() / rate; }

    // Standard normal by the ziggurat: the low 8 bits of a word pick the
    // layer, bit 8 the sign, the top 53 the position along the layer. The
    // first word's common case is inlined where draws are made; the rest
    // (about 1 % of draws) is not.
    [[gnu::always_inline]] double normal() {
        const std::uint64_t word = next();
        const Point p = point(word, kNormalZiggurat);
        if (p.inside) [[likely]]
            return with_sign(p.x, sign_of(word));
        return normal_beyond(word, p);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }

    // Exp(1) by the ziggurat; beyond the base layer's edge r the exponential
    // starts afresh (it has no memory), so the tail is r plus a new draw.
    // As normal(), the first word's common case inlined.
    [[gnu::always_inline]] double unit_exponential() {
        const Point p = point(next(), kExponentialZiggurat);
        if (p.inside) [[likely]]
            return p.x;
        return unit_exponential_beyond(p);
    }

  private:
    static std::uint64_t scramble(std::uint64_t word) { return std::rotl(word * 5, 7) * 9; }

    explicit Stream(std::uint64_t key) {
        for (auto& word : s_)
            word = splitmix64(key);
    }

    // Where a word falls in a ziggurat: its layer, the position along it,
    // and whether that is inside the layer's rectangle (accepted at once).
    struct Point {
        std::size_t layer;
        double x;
        bool inside;
    };
    static Point point(std::uint64_t word, const Ziggurat& z) {
        const std::size_t i = word & 0xff;
        const double x = static_cast<double>(word >> 11) * 0x1.0p-53 * z.x[i];
        return {i, x, x < z.x[i + 1]};
    }

    // Bit 8 moved to the sign bit: x times 1 or -1 exactly, without a branch
    // the predictor would miss half the time or a multiplication.
    static std::uint64_t sign_of(std::uint64_t word) {
        return (word << 55) & (std::uint64_t{1} << 63);
    }

    // normal() past its first word's rectangle: the tail, or the wedge's
    // test, and new words until one is accepted.
    [[gnu::noinline]] double normal_beyond(std::uint64_t word, Point p) {
        const Ziggurat& z = kNormalZiggurat;
        for (;;) {
            const std::size_t i = p.layer;
            if (i == 0) return with_sign(normal_tail(z.x[1]), sign_of(word));
            if (z.f[i] + uniform() * (z.f[i + 1] - z.f[i]) < std::exp(-0.5 * p.x * p.x))
                return with_sign(p.x, sign_of(word));
            word = next();
            p = point(word, z);
            if (p.inside) return with_sign(p.x, sign_of(word));
        }
    }

    // unit_exponential() past its first word's rectangle: beyond the base
    // layer's edge the draw starts afresh from there, else the wedge's test.
    [[gnu::noinline]] double unit_exponential_beyond(Point p) {
        const Ziggurat& z = kExponentialZiggurat;
        double offset = 0.0;
        for (;;) {
            const std::size_t i = p.layer;
            if (i == 0)
                offset += z.x[1];
            else if (z.f[i] + uniform() * (z.f[i + 1] - z.f[i]) < std::exp(-p.x))
                return offset + p.x;
            p = point(next(), z);
            if (p.inside) return offset + p.x;
        }
    }

    static double with_sign(double x, std::uint64_t sign) {
        return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ sign);
    }

    // Marsaglia's tail method: x = r + a with a ~ Exp(r), accepted with
    // probability exp(-a^2 / 2).
    double normal_tail(double r) {
        for (;;) {
            const double a = -std::log(uniform_open0()) / r;
            const double b = -std::log(uniform_open0());
            if (b + b > a * a) return r + a;
        }
    }

    std::uint64_t s_[4];
};

// The streams (seed, replication, purpose, index) for any index, made one at
// a time and often (one per technician and day): the words they share are
// mixed once, not again for each.
class StreamFamily {
  public:
    StreamFamily(std::uint64_t seed, std::uint64_t replication, std::uint64_t purpose)
        : key_(mix_keys({seed, replication, purpose})) {}
    Stream operator()(std::uint64_t index) const { return Stream::of_key(key(index)); }
    // The key of the stream of `index`, for Stream::of_key.
    std::uint64_t key(std::uint64_t index) const { return mix_more(key_, {index}); }

  private:
    std::uint64_t key_;
};

// Stream::of_key(key) made in full only at its second draw: for streams
// most of which are drawn from once (a technician's evening choices), where
// making the stream costs more than the draw. Reset to a new key, it draws
// that stream's words from the first.
class LazyStream {
  public:
    void reset(std::uint64_t key) {
        key_ = key;
        drawn_ = 0;
    }
    bool bernoulli(double p) { return Stream::unit(next()) < p; }

  private:
    std::uint64_t next() {
        if (drawn_ == 0) {
            drawn_ = 1;
            return Stream::first_of_key(key_);
        }
        if (drawn_ == 1) {
            drawn_ = 2;
            stream_ = Stream::of_key(key_);
            stream_.next(); // the first word, drawn already
        }
        return stream_.next();
    }

    std::uint64_t key_ = 0;
    int drawn_ = 0; // words drawn, up to 2
    Stream stream_ = Stream::of_key(0);
};

} // namespace fieldsim::sim
