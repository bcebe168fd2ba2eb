// A set of small non-negative integers as a bitset: O(1) insert and erase,
// iteration in increasing order at a word (64 members) per step. Made for
// "who among N is free, lowest first" questions asked on every event.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fieldsim::sim {

class IndexSet {
  public:
    explicit IndexSet(std::size_t capacity = 0) : words_((capacity + 63) / 64, 0) {}

    // Room for members below `capacity` (never less than it had).
    void grow(std::size_t capacity) {
        if (capacity > words_.size() * 64) words_.resize((capacity + 63) / 64, 0);
    }

    void insert(std::size_t i) {
        size_ += !contains(i);
        words_[i / 64] |= bit(i);
    }
    void erase(std::size_t i) {
        size_ -= contains(i);
        words_[i / 64] &= ~bit(i);
    }
    bool contains(std::size_t i) const { return (words_[i / 64] & bit(i)) != 0; }
    // Kept as a count, so that asking an empty set costs no walk over its words.
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    // Calls visit(i) for members in increasing order until it returns true;
    // visit may erase members. Returns whether some visit returned true.
    template <class Visit> bool find_if(Visit&& visit) const {
        if (empty()) return false;
        return find_if_in_words(words_.size(), [&](std::size_t w) { return words_[w]; }, visit);
    }

    // The members among ids 64 w .. 64 w + 63 as bits (none past capacity).
    std::uint64_t word(std::size_t w) const { return w < words_.size() ? words_[w] : 0; }
    // All the words, word_count() of them: for a scan that knows it stays
    // within them, without word()'s bound test at each.
    const std::uint64_t* words() const { return words_.data(); }
    std::size_t word_count() const { return words_.size(); }
    std::size_t capacity() const { return words_.size() * 64; }

    // find_if over the ids whose bits word(w) gives for w < `words`: sets
    // combined word by word (say a.word(w) & ~b.word(w)), in increasing order.
    template <class Word, class Visit>
    static bool find_if_in_words(std::size_t words, Word&& word, Visit&& visit) {
        for (std::size_t w = 0; w < words; ++w) {
            for (std::uint64_t bits = word(w); bits; bits &= bits - 1) {
                const std::size_t i = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
                if (visit(i)) return true;
            }
        }
        return false;
    }

  private:
    static std::uint64_t bit(std::size_t i) { return std::uint64_t{1} << (i % 64); }
    std::vector<std::uint64_t> words_;
    std::size_t size_ = 0;
};

} // namespace fieldsim::sim
