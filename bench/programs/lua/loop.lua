-- A call-free loop: arithmetic and an array, one statement per line (a line hook event each).
local xs = {}
local sum = 0
for i = 1, 4000000 do
  local v = (i * 7) % 1000
  xs[(i % 100) + 1] = v
  sum = sum + v
end
print("loop", sum, #xs)
