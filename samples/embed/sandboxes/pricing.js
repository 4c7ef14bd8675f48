// The pricing sandbox's rule: a discount.
function rule(price) {
  const discounted = price * 0.85;
  return round(discounted);
}
