<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
  <#if section = "header">
    photoTAN
  <#elseif section = "form">
    <div id="mosaic-phototan">
      <p>Scan the image with your photoTAN device. It shows what you confirm:</p>
      <pre id="mosaic-phototan-details"><#list photoTanLines as line>${line}
</#list></pre>
      <img id="mosaic-phototan-mosaic" alt="photoTAN colour mosaic" src="${photoTanMosaic}" style="image-rendering: pixelated; width: 240px; border: 12px solid #fff"/>
      <details><summary>QR code instead</summary>
        <img id="mosaic-phototan-qr" alt="photoTAN QR code" src="${photoTanQr}"/>
      </details>
      <form id="kc-phototan-form" action="${url.loginAction}" method="post">
        <input type="hidden" name="challenge-id" value="${photoTanChallengeId}"/>
        <label for="tan">TAN</label>
        <input id="tan" name="tan" type="text" inputmode="numeric" autocomplete="one-time-code" autofocus/>
        <input id="kc-login" type="submit" value="Confirm"/>
      </form>
    </div>
  </#if>
</@layout.registrationLayout>
