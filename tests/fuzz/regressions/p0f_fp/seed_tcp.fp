classes = win,unix,other

[mtu]
label = Ethernet or modem
sig = 576
sig = 1500

[tcp:request]
label = s:unix:Linux:3.11 and newer
sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0
label = g:unix:Linux:2.2.x-3.x
sig = *:64:0:*:*,*::0
label = s:!:NMap:SYN scan
sys = @unix,@win
sig = *:64-:0:1460:1024,0:mss::0
sig = *:64-:0:265:512,0:mss,sok,ts:ack+:0

[tcp:response]
label = s:unix:Linux:3.x
sig = *:64:0:*:mss*10,*:mss,sok,ts,nop,ws:df:0
sig = 6:64+1:0:1440:%512,0:?77,eol+3:flow,ecn:+
