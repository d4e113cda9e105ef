// MathJax for pymdownx.arithmatex (generic mode): these settings, then the MathJax shipped
// with the site (vendor/mathjax/tex-svg-full.js, next to this file), loaded only on pages
// that have formulas. The formulas are typeset in the reader's browser with no network,
// whether the site is served or opened from a folder. docs/contributing.md says why.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    // The context menu's accessibility and renderer switches load further components
    // that the site does not ship; screen readers still get the hidden MathML.
    enableMenu: false
  },
  svg: {
    // One set of glyph shapes per page rather than per formula.
    fontCache: "global"
  }
};

// 2 MB of script that most pages do not need: load it where a formula is.
(function (settings) {
  if (document.querySelector(".arithmatex")) {
    const script = document.createElement("script")
    script.src = new URL("vendor/mathjax/tex-svg-full.js", settings.src).href
    script.async = true
    document.head.appendChild(script)
  }
})(document.currentScript)

document$.subscribe(() => {
  if (!window.MathJax.typesetPromise) {
    return  // MathJax typesets the page itself once loaded
  }
  MathJax.startup.output.clearCache()
  MathJax.typesetClear()
  MathJax.texReset()
  MathJax.typesetPromise()
})
