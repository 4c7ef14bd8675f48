-- fib.lua — plain recursion; also a compute-heavy sample (fib(25) once).

local function fib(n)
  -- Breakpoint here: watch `n` shrink as the recursion deepens.
  if n < 2 then
    return n
  end
  local a = fib(n - 1)
  local b = fib(n - 2)
  return a + b
end

local function fibLoop(n)
  local prev = 0
  local cur = 1
  -- Breakpoint in the loop body: it is hit once per iteration.
  for i = 1, n do
    local next = prev + cur
    prev = cur
    cur = next
  end
  return prev
end

local function printFib(n)
  local value = fib(n)
  print("fib(" .. n .. ") = " .. value)
  return value
end

-- Breakpoint here and step in to enter printFib, then fib.
local small = printFib(5)
local medium = printFib(10)

-- Compute-heavy call: about 250,000 calls to fib.
local big = fib(25)
print("fib(25) = " .. big)

local looped = fibLoop(10)
print("fibLoop(10) = " .. looped)

local total = small + medium + big + looped
print("total = " .. total)
