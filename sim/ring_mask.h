// Which slots of a ring hold something, one bit a slot, and the first that
// does going round from a given slot: what a calendar queue asks to find
// its next non-empty slot without visiting the empty ones.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace fieldsim::sim {

class RingMask {
  public:
    // Throws std::invalid_argument unless slots is a power of two, at least 64.
    explicit RingMask(std::size_t slots) : words_(slots / 64, 0) {
        if (!std::has_single_bit(slots) || slots < 64)
            throw std::invalid_argument("a ring's slot count must be a power of two, >= 64");
    }

    std::size_t size() const { return words_.size() * 64; }
    void set(std::size_t r) { words_[r / 64] |= bit(r); }
    void clear(std::size_t r) { words_[r / 64] &= ~bit(r); }
    bool test(std::size_t r) const { return (words_[r / 64] & bit(r)) != 0; }

    // The first set slot at or after `start`, going round, or size() when
    // none is set. A word at a time: the empty ones cost one test each. The
    // slot sought is most often in start's own word, tested first.
    std::size_t next(std::size_t start) const {
        const std::size_t w = start / 64;
        const std::uint64_t bits = words_[w] & (~std::uint64_t{0} << (start % 64));
        if (bits) return w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        return next_past_word(start);
    }

  private:
    // The other words, going round, then start's own word below start.
    std::size_t next_past_word(std::size_t start) const {
        const std::size_t words = words_.size();
        for (std::size_t k = 1; k <= words; ++k) {
            const std::size_t w = (start / 64 + k) & (words - 1);
            std::uint64_t bits = words_[w];
            if (k == words) bits &= ~(~std::uint64_t{0} << (start % 64));
            if (bits) return w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        }
        return size();
    }

    static std::uint64_t bit(std::size_t r) { return std::uint64_t{1} << (r % 64); }

    std::vector<std::uint64_t> words_;
};

} // namespace fieldsim::sim
