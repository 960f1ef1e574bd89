q = `a ${b + `c ${d}`} e`; r = /x\/[/]+/g; /* open
Ã( 0xffn `${