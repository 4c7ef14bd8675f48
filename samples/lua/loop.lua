-- loop.lua — never ends on its own: for pause (the count hook polls).
local i = 0
while true do
  i = i + 1
end
