-- closures.lua — nested functions and captured variables (upvalues).

local function makeCounter(start)
  local count = start
  local function increment(step)
    -- Breakpoint here: `count` is an upvalue, `step` a local.
    count = count + step
    return count
  end
  return increment
end

local function outer(x)
  local base = x * 2
  local function inner(y)
    local sum = base + y
    return sum
  end
  return inner(1) + inner(2)
end

local function shadowed()
  -- Breakpoint here: `later` does not exist yet.
  local early = 1
  print("early = " .. early)
  local later = early + 41
  return later
end

local counter = makeCounter(10)
counter(1)
counter(2)
local c = counter(3)
print("counter = " .. c)

local o = outer(5)
print("outer = " .. o)

local l = shadowed()
print("shadowed = " .. l)

-- Step in on this line: a(1) is entered first, then b(2).
local function a(v)
  return v + 1
end
local function b(v)
  return v * 2
end
local mixed = a(1) + b(2)
print("mixed = " .. mixed)
