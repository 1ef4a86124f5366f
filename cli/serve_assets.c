/*
 * serve_assets.c — the search page's stylesheet, compiled into the
 * program so the server reads no file at request time.  The page needs
 * no script: this is all it loads.
 */
#include "serve.h"

const char serve_style_css[] =
    ":root{--ink:#1d1d1f;--muted:#5f6368;--rule:#dadce0;--accent:#0b57d0;--mark:#fde68a;--bg:#fff}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--ink);"
    "background:var(--bg)}\n"
    "a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}\n"
    ".top{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start;padding:1rem 1.5rem;"
    "border-bottom:1px solid var(--rule)}\n"
    ".brand{font-weight:700;font-size:1.3rem;color:var(--ink);padding-top:.3rem}\n"
    ".search{flex:1;min-width:18rem;max-width:52rem}\n"
    ".box{display:flex;gap:.5rem}\n"
    ".box input{flex:1;font:inherit;padding:.45rem .7rem;border:1px solid var(--rule);border-radius:.4rem}\n"
    "button{font:inherit;padding:.45rem 1rem;border:0;border-radius:.4rem;background:var(--accent);color:#fff;"
    "cursor:pointer}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin-top:.5rem;font-size:.85rem;color:var(--muted)}\n"
    ".filters input,.filters select{font:inherit;padding:.1rem .3rem}\n"
    "main{padding:1rem 1.5rem;max-width:72rem}\n"
    ".total,.intro,.partial,.suggestion{color:var(--muted);margin:.2rem 0 1rem}\n"
    ".partial{color:#a50e0e}\n"
    ".layout{display:flex;gap:2.5rem;align-items:flex-start}\n"
    ".results{flex:1;margin:0;padding-left:1.6rem;max-width:46rem}\n"
    ".hit{margin-bottom:1.4rem}\n"
    ".hit h2{font-size:1.1rem;margin:0;font-weight:600}\n"
    ".meta{margin:.1rem 0;font-size:.85rem;color:var(--muted)}\n"
    ".snippet{margin:.2rem 0}\n"
    "mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:.15em}\n"
    ".names{width:16rem;border-left:1px solid var(--rule);padding-left:1rem;font-size:.9rem}\n"
    ".names h2{font-size:.95rem;margin:0 0 .5rem}\n"
    ".names ul{list-style:none;margin:0;padding:0}.names li{margin:.15rem 0}\n"
    ".count{color:var(--muted);font-size:.8rem}\n"
    ".pages{display:flex;flex-wrap:wrap;gap:.6rem;margin:1.5rem 0;align-items:center}\n"
    ".pages [aria-current]{font-weight:700}\n"
    ".story{max-width:44rem}.story h1{font-size:1.7rem;line-height:1.25;margin:.5rem 0}\n"
    ".dateline{font-variant:small-caps;color:var(--muted)}\n"
    ".body p{margin:0 0 1rem}\n"
    ".about dt{font-weight:600;margin-top:.6rem;font-size:.9rem}.about dd{margin:0}\n"
    ".labels{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.3rem .8rem;font-size:.9rem}\n"
    ".error{color:#a50e0e}\n"
    "@media (max-width:50rem){.layout{flex-direction:column}.names{border:0;padding:0;width:auto}}\n";

const size_t serve_style_css_len = sizeof serve_style_css - 1;
