classes = unix
[tcp:request]
label = s:unix:L:
sig = *:64:0:*:mss*10,0:mss:df,id+:0
sig = *:40:0:*:mss*10,0:mss::0
