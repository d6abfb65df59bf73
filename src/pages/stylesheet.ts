/**
 * The one stylesheet of the pages, served at /pages/assets/steward.css (the Content-Security-Policy
 * allows styles from the server itself only). Colours keep a contrast of at least 4.5:1; a status
 * is always written in words too. Tables scroll inside their region on narrow screens; printing
 * drops navigation and lets tables run full width.
 */
export const STEWARD_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;color:#1a1a1a;background:#ffffff}
a{color:#0b57d0}
a:visited{color:#5b2a86}
a:focus-visible,.scroll:focus-visible,input:focus-visible,select:focus-visible,button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.skip{position:absolute;left:-10000px;top:0}
.skip:focus{left:0.5rem;top:0.5rem;background:#ffffff;padding:0.5rem;z-index:10}
header.site{display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem 2rem;padding:0.75rem 1rem;border-bottom:1px solid #c4c7c5;background:#f4f5f7}
header.site .brand{margin:0;font-weight:700}
header.site nav ul{display:flex;flex-wrap:wrap;gap:0.25rem 1.25rem;list-style:none;margin:0;padding:0}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer.site{max-width:72rem;margin:2rem auto 0;padding:1rem;border-top:1px solid #c4c7c5;color:#3c4043;font-size:0.9rem}
h1{font-size:1.75rem;line-height:1.25;margin:0.5rem 0 0.75rem;overflow-wrap:anywhere}
h2{font-size:1.35rem;margin:2rem 0 0.5rem}
h3{font-size:1.1rem;margin:1.25rem 0 0.5rem}
.lead{font-size:1.05rem;color:#3c4043}
.scroll{overflow-x:auto;max-width:100%;margin:0.5rem 0 1rem}
table{border-collapse:collapse;min-width:100%}
caption{text-align:left;font-weight:600;padding:0.25rem 0;position:sticky;left:0;max-width:calc(100vw - 2rem)}
th,td{text-align:left;vertical-align:top;padding:0.35rem 0.6rem;border-bottom:1px solid #dadce0}
thead th{background:#f4f5f7;border-bottom:2px solid #80868b;white-space:nowrap}
tbody th{font-weight:600}
td data,td .num{font-variant-numeric:tabular-nums}
code,.digest{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:0.9em;overflow-wrap:anywhere;word-break:break-all}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:0.5rem 1.5rem;margin:0.5rem 0 1rem}
dl.facts div{min-width:0}
dl.facts dt{font-weight:600;color:#3c4043;font-size:0.9rem}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.tag{display:inline-block;padding:0 0.45rem;border-radius:0.25rem;border:1px solid currentColor;font-weight:600;font-size:0.9em;white-space:nowrap}
.tag-ok{color:#14532d;background:#e6f4ea}
.tag-warning{color:#6b4400;background:#fff4e5}
.tag-critical{color:#8c1d18;background:#fdecea}
.tag-info{color:#174a85;background:#e8f0fb}
.tag-neutral{color:#3c4043;background:#f1f3f4}
.empty{color:#3c4043;font-style:italic}
dl.card dt{font-weight:600;margin-top:0.5rem}
dl.card dd{margin:0 0 0.25rem 0}
.hint{font-weight:400;font-size:0.85rem;color:#3c4043}
.card-text{white-space:pre-wrap;overflow-wrap:anywhere}
figure.chart{margin:0.5rem 0 0.5rem;max-width:44rem}
figure.chart svg{display:block;height:auto;max-width:100%}
.chart-label,.chart-value{font-size:13px;fill:#1a1a1a;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
form.filters{display:flex;flex-wrap:wrap;gap:0.75rem 1rem;align-items:flex-end;margin:0.5rem 0 1rem;padding:0.75rem;border:1px solid #c4c7c5;border-radius:0.25rem}
form.filters label{display:flex;flex-direction:column;font-weight:600;font-size:0.9rem}
form.filters input,form.filters select{font:inherit;padding:0.3rem 0.4rem;border:1px solid #5f6368;border-radius:0.2rem;min-width:10rem;color:#1a1a1a;background:#ffffff}
form.filters button{font:inherit;padding:0.35rem 0.9rem;border:1px solid #0b57d0;border-radius:0.2rem;background:#0b57d0;color:#ffffff;cursor:pointer}
.verdict{padding:0.5rem 0.75rem;border-left:4px solid #80868b;background:#f4f5f7}
.verdict-ok{border-left-color:#1b6e3a}
.verdict-broken{border-left-color:#b3261e}
@media (max-width:40rem){
  main{padding:0.75rem}
  h1{font-size:1.45rem}
  form.filters input,form.filters select{min-width:0;width:100%}
  form.filters label{flex:1 1 100%}
}
@media print{
  header.site nav,.skip,form.filters{display:none}
  body{font-size:11pt;color:#000000}
  main,footer.site{max-width:none;padding:0}
  .scroll{overflow:visible}
  table{min-width:0;width:100%;page-break-inside:auto}
  tr{page-break-inside:avoid}
  thead{display:table-header-group}
  h2,h3{page-break-after:avoid}
  section{page-break-inside:auto}
  a{color:#000000;text-decoration:none}
  .tag{border:1px solid #000000;background:none;color:#000000}
  figure.chart{page-break-inside:avoid}
}
`;
