<?xml version="1.0" encoding="UTF-8"?>
<!-- Compiles an ISO Schematron schema (XSLT 1.0 query binding) into an XSLT 1.0 validator for xsltproc,
     restricted to the patterns of one phase. Each rule is a template of its pattern's mode (rules of a
     pattern in document order, the first matching rule fires: ISO/IEC 19757-3 section 6.5); a failed
     assert prints one line "FAILED <assert id>", successful reports are not counted. Lets of a rule become
     variables of its template; lets of a pattern become global variables (they are absolute paths here). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:sch="http://purl.oclc.org/dsdl/schematron" xmlns:axsl="urn:schematron-compiler:xsl">
  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:output method="xml" indent="yes"/>
  <xsl:param name="phase" select="'errors'"/>

  <xsl:template match="/sch:schema">
    <xsl:variable name="active" select="sch:pattern[@id = current()/sch:phase[@id = $phase]/sch:active/@pattern]"/>
    <axsl:stylesheet version="1.0">
      <xsl:copy-of select="namespace::*[. != 'http://purl.oclc.org/dsdl/schematron']"/>
      <axsl:output method="text"/>
      <xsl:for-each select="$active/sch:let">
        <axsl:variable name="{@name}" select="{@value}"/>
      </xsl:for-each>
      <axsl:template match="/">
        <xsl:for-each select="$active">
          <axsl:apply-templates select="/" mode="M{generate-id()}"/>
        </xsl:for-each>
      </axsl:template>
      <xsl:for-each select="$active">
        <xsl:variable name="mode" select="concat('M', generate-id())"/>
        <xsl:for-each select="sch:rule">
          <axsl:template match="{@context}" mode="{$mode}" priority="{1000 - position()}">
            <xsl:for-each select="sch:let">
              <axsl:variable name="{@name}" select="{@value}"/>
            </xsl:for-each>
            <xsl:for-each select="sch:assert">
              <axsl:if test="not({@test})">
                <axsl:text>FAILED <xsl:value-of select="@id"/><xsl:text>&#10;</xsl:text></axsl:text>
              </axsl:if>
            </xsl:for-each>
            <axsl:apply-templates select="*|@*" mode="{$mode}"/>
          </axsl:template>
        </xsl:for-each>
        <axsl:template match="*|@*" mode="{$mode}" priority="-1">
          <axsl:apply-templates select="*|@*" mode="{$mode}"/>
        </axsl:template>
        <axsl:template match="text()" mode="{$mode}" priority="-1"/>
      </xsl:for-each>
    </axsl:stylesheet>
  </xsl:template>
</xsl:stylesheet>
