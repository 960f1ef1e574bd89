x = f"{a!r:>{w}}" + rb"\\" + """open
ÿþ
match x:
    case 1: pass
