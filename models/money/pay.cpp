#include "models/money/pay.h"

namespace fieldsim::models {

PaySpec parse_pay(const JsonReader& node) {
    node.object({"piece_rate_cny"});
    PaySpec pay;
    if (const auto rates = node.find("piece_rate_cny"))
        read_per_kind(
            *rates, pay.piece_rate_cny,
            [](const JsonReader& n) { return n.as<double>(at_least(0)); }, false);
    return pay;
}

} // namespace fieldsim::models
