# seed

0000:05B4:80:WS:0:0:1:0:S:2C:Seed OS one
16D0:05B4:40:07:1:1:1:1:S:3C:Seed Linux
16D0:0584:40:07:1:1:1:1:S:3C:Seed Linux nearest
16D0:05B4:40:07:1:1:1:1:S:LT:Seed LT
FFFF:_MSS:80:WS:0:0:0:0:A:LT:Seed last
