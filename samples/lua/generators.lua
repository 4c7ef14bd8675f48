-- generators.lua — coroutines as generators: for-in over coroutine.wrap, manual resume, early close.

local function range(from, to)
  return coroutine.wrap(function()
    -- Breakpoint here: each resume of the coroutine stops again.
    for i = from, to - 1 do
      coroutine.yield(i)
    end
    return nil
  end)
end

local function withCleanup()
  return coroutine.create(function()
    coroutine.yield("first")
    coroutine.yield("second")
    coroutine.yield("third")
  end)
end

local sum = 0
for n in range(1, 5) do
  sum = sum + n
end
print("sum = " .. sum)

local co = coroutine.create(function(from, to)
  for i = from, to - 1 do
    coroutine.yield(i)
  end
  return "done"
end)
local _, r1 = coroutine.resume(co, 0, 2)
local _, r2 = coroutine.resume(co)
local _, r3 = coroutine.resume(co)
print(r1 .. " " .. r2 .. " " .. r3 .. " " .. coroutine.status(co))

local g = withCleanup()
local _, first = coroutine.resume(g)
print("got " .. first)
local closed = coroutine.close(g)
print("close() gave " .. tostring(closed) .. ", status = " .. coroutine.status(g))
