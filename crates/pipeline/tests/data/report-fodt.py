"""Writes the seed article as a flat OpenDocument text styled like a think-tank report (stdout)."""
import sys
from xml.sax.saxutils import escape

text = open(sys.argv[1], encoding="utf-8").read()
paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
title, rest = paragraphs[0], paragraphs[1:]

body = [f'<text:p text:style-name="Title">{escape(title)}</text:p>']
for p in rest:
    style = "Bullet" if p.startswith("•") else "Body"
    body.append(f'<text:p text:style-name="{style}">{escape(p)}</text:p>')

print(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
  <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
   <style:text-properties style:font-name="DejaVu Serif" fo:font-size="10.5pt" fo:language="en" fo:country="US"
    fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/>
  </style:default-style>
  <style:style style:name="Title" style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.4cm" fo:text-align="start"/>
   <style:text-properties style:font-name="DejaVu Sans" fo:font-size="18pt" fo:font-weight="bold" fo:hyphenate="false"/>
  </style:style>
  <style:style style:name="Body" style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="0.2cm" fo:text-align="justify" fo:line-height="125%"/>
  </style:style>
  <style:style style:name="Bullet" style:family="paragraph" style:parent-style-name="Body">
   <style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.4cm" fo:margin-bottom="0.1cm"/>
  </style:style>
  <style:style style:name="Header" style:family="paragraph">
   <style:paragraph-properties fo:text-align="end"/>
   <style:text-properties style:font-name="DejaVu Sans" fo:font-size="8pt" fo:hyphenate="false"/>
  </style:style>
  <style:style style:name="Footer" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties style:font-name="DejaVu Sans" fo:font-size="8pt" fo:hyphenate="false"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="Report">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
    fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
   <style:header-style><style:header-footer-properties fo:margin-bottom="0.5cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:margin-top="0.5cm"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="Report">
   <style:header><text:p text:style-name="Header">Eurasia Daily Monitor · Volume 21 · Issue 90</text:p></style:header>
   <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
  {chr(10).join(body)}
 </office:text></office:body>
</office:document>""")
