// The tax sandbox's rule: VAT on top.
function rule(net) {
  const gross = net * 1.2;
  return round(gross);
}
