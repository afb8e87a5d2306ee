<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
  <#if section = "header">
    Enrol your photoTAN device
  <#elseif section = "form">
    <div id="mosaic-phototan-enrol">
      <#if photoTanHasLetter>
        <p>Scan the image of your activation letter with your photoTAN device, then type the enrolment code it shows.</p>
        <form id="kc-phototan-enrol-form" action="${url.loginAction}" method="post">
          <label for="enrolment-code">Enrolment code</label>
          <input id="enrolment-code" name="enrolment-code" type="text" autocomplete="off" autofocus/>
          <input id="kc-login" type="submit" value="Enrol"/>
        </form>
      <#else>
        <p>You have no activation letter. Ask your bank to send one.</p>
      </#if>
    </div>
  </#if>
</@layout.registrationLayout>
