// Earliest deadline first (ties: earlier arrival, then lower id) among the
// orders the technician may start.
//
// The start rule depends on an order only through its zone and work class,
// so the pool is split into one heap per (zone, class) bucket, and the heads
// of the non-empty buckets are kept sorted by deadline. A look walks the
// heads from the earliest and takes the first bucket within reach: with
// hours of shift left that is the very first one, and never more than
// zones x classes steps however many orders wait.
#include "models/dispatch.h"

#include <algorithm>

namespace fieldsim::models {

namespace {

bool earlier(const WaitingOrder& a, const WaitingOrder& b) {
    return a.due != b.due ? a.due < b.due : a.id < b.id;
}

struct Head {
    Time due;
    std::uint64_t id;
    std::uint32_t bucket;
    bool operator<(const Head& other) const {
        return due != other.due ? due < other.due : id < other.id;
    }
};

class EdfPolicy final : public DispatchPolicy {
  public:
    explicit EdfPolicy(StartRule rule)
        : rule_(std::move(rule)), classes_(rule_.expected_work.size()),
          buckets_(static_cast<std::size_t>(rule_.zone_count) * classes_), reach_(classes_) {}

    void add(const WaitingOrder& order) override {
        const auto b = static_cast<std::uint32_t>(static_cast<std::size_t>(order.zone) * classes_ +
                                                  order.work_class);
        auto& heap = buckets_[b];
        if (heap.empty() || earlier(order, heap.front())) {
            if (!heap.empty()) forget_head(b);
            heads_.insert(
                std::upper_bound(heads_.begin(), heads_.end(), Head{order.due, order.id, b}),
                Head{order.due, order.id, b});
        }
        heap.push_back(order);
        std::push_heap(heap.begin(), heap.end(), later_first);
        ++waiting_;
    }

    std::optional<WaitingOrder> take(const Seeker& who) override {
        if (waiting_ == 0) return std::nullopt;
        // The farthest an order of each class may be and still be started.
        for (std::size_t c = 0; c < classes_; ++c)
            reach_[c] = who.shift_end - who.now - rule_.expected_work[c];
        for (auto head = heads_.begin(); head != heads_.end(); ++head) {
            const auto zone = static_cast<int>(head->bucket / classes_);
            if (rule_.travel_time(who.zone, zone) > reach_[head->bucket % classes_]) continue;
            const std::uint32_t b = head->bucket;
            heads_.erase(head);
            return pop(b);
        }
        return std::nullopt;
    }

    std::size_t waiting() const override { return waiting_; }

  private:
    // std::*_heap keep the greatest element in front; make that the earliest.
    static bool later_first(const WaitingOrder& a, const WaitingOrder& b) { return earlier(b, a); }

    WaitingOrder pop(std::uint32_t b) {
        auto& heap = buckets_[b];
        std::pop_heap(heap.begin(), heap.end(), later_first);
        const WaitingOrder order = heap.back();
        heap.pop_back();
        --waiting_;
        if (!heap.empty()) {
            const Head next{heap.front().due, heap.front().id, b};
            heads_.insert(std::upper_bound(heads_.begin(), heads_.end(), next), next);
        }
        return order;
    }

    void forget_head(std::uint32_t b) {
        const WaitingOrder& front = buckets_[b].front();
        heads_.erase(std::lower_bound(heads_.begin(), heads_.end(), Head{front.due, front.id, b}));
    }

    StartRule rule_;
    std::size_t classes_;
    std::vector<std::vector<WaitingOrder>> buckets_;
    std::vector<Head> heads_; // one per non-empty bucket, earliest first
    std::vector<Time> reach_;
    std::size_t waiting_ = 0;
};

} // namespace

std::unique_ptr<DispatchPolicy> make_edf_policy(StartRule rule) {
    return std::make_unique<EdfPolicy>(std::move(rule));
}

} // namespace fieldsim::models
