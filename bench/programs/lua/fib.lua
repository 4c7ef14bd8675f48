-- Recursion: naive Fibonacci. Almost all time is calls and returns (as fib.js).
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local total = 0
for i = 1, 3 do
  total = total + fib(27)
end
print("fib", total)
