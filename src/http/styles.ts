/** Levels of a tree the stylesheet indents (a location in its storage tree); deeper ones stay at the last. */
export const TREE_DEPTHS = 9;
const depths = Array.from(
  { length: TREE_DEPTHS },
  (_, d) => `td.depth-${d}{padding-inline-start:${0.5 + d * 1.5}rem}`,
).join('');

/**
 * The whole stylesheet, inlined (one request less on a slow line). Logical properties
 * (inline-start/end) mirror the layout for right-to-left languages without a second sheet.
 */
export const STYLES = `
:root{--ink:#1d1d1b;--muted:#5b5b57;--line:#c9c6bd;--bg:#fbfaf7;--accent:#0b5d4b;--warn:#8a3b00;--err:#a01919;
font-family:system-ui,"Noto Sans","Noto Naskh Arabic","Noto Sans Arabic",Tahoma,"Segoe UI",sans-serif;line-height:1.55;color:var(--ink);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:8px;top:8px;background:#fff;padding:8px;z-index:9}
.top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem 1rem;border-block-end:1px solid var(--line);background:#fff}
.top nav{display:flex;gap:.8rem;flex-wrap:wrap}.brand{font-weight:700;font-size:1.2rem;text-decoration:none;color:var(--ink)}
.langs{margin-inline-start:auto}.langs a[aria-current]{font-weight:700;text-decoration:none;color:var(--ink)}
.who form{display:flex;gap:.5rem;align-items:center;margin:0}
.crumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 1rem;padding:0;font-size:.9rem}
.crumbs li+li::before{content:"/";margin-inline-end:.4rem;color:var(--muted)}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:start;padding:.4rem .5rem;border-block-end:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted)}
fieldset{border:1px solid var(--line);margin:0 0 1rem;padding:.6rem .8rem}legend{font-weight:600;padding:0 .3rem}
label{display:block;font-weight:500;margin:.3rem 0 .1rem}
input,select,textarea,button{font:inherit;padding:.35rem .5rem;border:1px solid #77756e;border-radius:4px;background:#fff;color:inherit}
textarea{width:100%;min-height:4rem;box-sizing:border-box}input[type=text],input[type=email],input[type=password],input[type=search]{max-width:100%}
button,.button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer;text-decoration:none;display:inline-block;padding:.4rem .8rem;border-radius:4px}
button.danger{background:var(--err);border-color:var(--err)}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-block-end:.4rem}.row>div{min-width:8rem}
.grid{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.3rem 1rem}.grid dt{font-weight:600;color:var(--muted)}.grid dd{margin:0}.grid dd p{margin:0 0 .3rem}
.notice{padding:.6rem .8rem;border-inline-start:4px solid var(--accent);background:#eef6f3}.notice.error{border-color:var(--err);background:#fbeeee}
.field-error{color:var(--err);font-weight:500;margin:.1rem 0}[aria-invalid=true]{border-color:var(--err);border-width:2px}
.hint{color:var(--muted);font-size:.9rem;margin:.1rem 0}
.badge{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;background:#ecebe6;color:var(--ink)}.badge.warn{background:#fdebd3;color:var(--warn)}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-block-end:1rem}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;align-items:center;margin:1rem 0}
.pager{display:flex;gap:1rem;justify-content:space-between;margin:1rem 0}
.equiv{color:var(--muted)}
.labels{display:grid;grid-template-columns:repeat(auto-fill,minmax(62mm,1fr));gap:4mm}.label{border:1px solid var(--ink);padding:3mm;display:flex;gap:3mm;align-items:center;break-inside:avoid}.label svg{width:24mm;height:24mm;flex:none}.label .acc{font-weight:700;font-size:13pt}
.lines{border-block-end:1px solid var(--ink);height:2.2rem}
.card{border:1px solid var(--line);padding:.5rem .8rem;margin-block-end:.8rem;background:#fff}
form.inline{display:inline}.grow{flex:1}.wide{flex:1 1 100%}input.full{width:100%}.pre-line{white-space:pre-line}.trap{position:absolute;inset-inline-start:-9999px}
.row.inscription{border-block-end:1px dashed #ccc;padding-block-end:.4rem}${depths}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
code.token{display:block;padding:.5rem;background:#fff;border:1px solid var(--line);word-break:break-all}
@media (max-width:40rem){.grid{grid-template-columns:1fr}.top{gap:.5rem}}
.signatures{display:flex;justify-content:space-between;gap:2rem;margin-block-start:4rem}.signatures p{flex:1;border-block-start:1px solid var(--ink);padding-block-start:.3rem}
.picture{margin:0 0 1rem}.picture img{max-width:100%;height:auto;background:#ecebe6}.viewer{position:relative}.viewer .zoom{position:absolute;inset-block-start:.5rem;inset-inline-end:.5rem;padding:.4rem .8rem;background:#fff;color:var(--ink);border:1px solid var(--ink);border-radius:4px}.viewer.zoomable .viewer-canvas{height:min(75vh,48rem);background:#1d1d1b}.viewer.zoomable[data-viewer=open]>img{display:none}.picture figcaption{font-size:.9rem;margin-block-start:.3rem}
.thumbs{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0}.thumbs a{display:block;border:2px solid transparent}.thumbs a[aria-current=true]{border-color:var(--ink)}
.search-layout{display:grid;grid-template-columns:minmax(12rem,16rem) 1fr;gap:1.5rem}.facets details{margin-block-end:.6rem}.facets ul{list-style:none;padding:0;margin:.3rem 0}.facets a[aria-current=true]{font-weight:700}@media (max-width:40rem){.search-layout{grid-template-columns:1fr}}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:1rem}.cards img,.cards .noimage{display:block;width:100%;height:auto;aspect-ratio:auto;background:#eee}.cards .noimage{aspect-ratio:1}.cards a{text-decoration:none;color:var(--ink)}.card-title{display:block;margin-block-start:.3rem}
.map{height:min(28rem,70vh);margin-block:1rem;border:1px solid var(--line,#ccc)}.places{columns:16rem}@media print{.map{display:none}}
ul.plain{list-style:none;padding:0}.browse{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}.story .share{font-size:.85rem;margin:0 0 1.5rem}.story blockquote{font-size:1.2rem;margin-inline:1rem}
.suggest{position:relative}.suggestions{position:absolute;inset-inline:0;top:100%;z-index:5;list-style:none;margin:0;padding:0;background:#fff;border:1px solid var(--line)}.suggestions a{display:block;padding:.35rem .6rem;text-decoration:none;color:var(--ink)}.suggestions [aria-selected=true]{background:#e4efe9;outline:2px solid var(--accent)}
@page{size:A4;margin:16mm}
@media print{.top,.crumbs,.actions,form,.noprint,.viewer .zoom,.suggestions,.facets,.pager{display:none}body{background:#fff}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}table{font-size:10pt}tr{break-inside:avoid}}
`;
