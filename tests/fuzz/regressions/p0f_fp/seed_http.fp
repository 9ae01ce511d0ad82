classes = win,unix
[http:request]
ua_os = Linux,Windows,iOS=[iPad],Mac OS X
label = s:!:Firefox:10.x or newer
sys = Windows,@unix
sig = *:Host,User-Agent,Accept=[,*/*;q=],?Accept-Language=[;q=],Accept-Encoding=[gzip, deflate],?DNT=[1],Connection=[keep-alive],?Referer:Accept-Charset,Keep-Alive:Firefox/
label = g:!:any:
sys = Linux
sig = 0:Host::
[http:response]
label = s:!:Apache:2.x
sys = @unix
sig = 1:Date,Server,?Last-Modified,Accept-Ranges=[bytes]:Connection:Apache
