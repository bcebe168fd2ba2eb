// The index of the least of N keys, with one key changed at a time in
// O(log N): a tournament (winner) tree.
//
// Players sit at leaves N .. 2N-1 of an implicit binary tree and every inner
// node 1 .. N-1 holds the winner of its two children, so node 1 holds the
// least of all. That shape needs no padding for an N that is not a power of
// two, so no key has to stand for "never wins". An update replays the
// changed player's matches up to the root: one comparison per level, against
// the sibling, with no branch. Which of two children wins is a coin toss
// that the branch predictor would lose half the time, so the winner is
// picked by indexing with the comparison's result.
//
// Nodes hold the winner's key beside its index, so that a match reads one
// node instead of an index and then the key it names. Equal keys are all
// least: which of them wins is left open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

namespace fieldsim::sim {

template <class Key, class Less = std::less<Key>> class Tournament {
  public:
    // Player i starts with keys[i]; building costs N - 1 matches. At most
    // 2^32 players.
    explicit Tournament(const std::vector<Key>& keys, Less less = Less())
        : less_(less), size_(keys.size()), nodes_(2 * keys.size()) {
        if (keys.empty()) throw std::invalid_argument("a tournament needs at least one player");
        for (std::size_t i = 0; i < size_; ++i)
            nodes_[size_ + i] = Node{keys[i], static_cast<std::uint32_t>(i)};
        for (std::size_t node = size_ - 1; node >= 1; --node)
            nodes_[node] = nodes_[2 * node + right_wins(2 * node)];
    }

    std::size_t size() const { return size_; }
    // The player holding a least key, and that key.
    std::size_t winner() const { return nodes_[1].player; }
    const Key& least() const { return nodes_[1].key; }
    const Key& key(std::size_t player) const { return nodes_[size_ + player].key; }

    // Precondition: player < size().
    void update(std::size_t player, const Key& key) {
        std::size_t node = size_ + player;
        nodes_[node].key = key;
        for (; node > 1; node /= 2) {
            const std::size_t left = node & ~std::size_t{1};
            nodes_[node / 2] = nodes_[left + right_wins(left)];
        }
    }

  private:
    struct Node {
        Key key;
        std::uint32_t player;
    };

    // Where the pair (left, left + 1) has its winner, as an offset from
    // left: the left node keeps a tie.
    std::size_t right_wins(std::size_t left) const {
        return static_cast<std::size_t>(less_(nodes_[left + 1].key, nodes_[left].key));
    }

    [[no_unique_address]] Less less_;
    std::size_t size_;
    std::vector<Node> nodes_; // [0] unused; 1 .. size_-1 inner; size_ .. 2 size_-1 leaves
};

} // namespace fieldsim::sim
