/** A WSDL for PartnerSystemUserService (identity.md §8.4), for suds- and WCF-style clients that read one. */
export function partnerSystemUserWsdl(location: string): string {
  const ns = "http://www.superoffice.com/superid/partnersystemuser/0.1";
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="PartnerSystemUserService" targetNamespace="${ns}" xmlns:tns="${ns}"
  xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema elementFormDefault="qualified" targetNamespace="${ns}">
      <xs:element name="AuthenticationRequest"><xs:complexType><xs:sequence>
        <xs:element minOccurs="0" name="SignedSystemToken" nillable="true" type="xs:string"/>
        <xs:element minOccurs="0" name="ReturnTokenType" type="tns:TokenType"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:simpleType name="TokenType"><xs:restriction base="xs:string"><xs:enumeration value="Saml"/><xs:enumeration value="Jwt"/></xs:restriction></xs:simpleType>
      <xs:element name="ApplicationToken" nillable="true" type="xs:string"/>
      <xs:element name="ContextIdentifier" nillable="true" type="xs:string"/>
      <xs:element name="AuthenticationResponse"><xs:complexType><xs:sequence>
        <xs:element minOccurs="0" name="IsSuccessful" type="xs:boolean"/>
        <xs:element minOccurs="0" name="Token" nillable="true" type="xs:string"/>
        <xs:element minOccurs="0" name="ErrorMessage" nillable="true" type="xs:string"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="AuthenticationRequest">
    <wsdl:part name="parameters" element="tns:AuthenticationRequest"/>
  </wsdl:message>
  <wsdl:message name="AuthenticationRequest_Headers">
    <wsdl:part name="ApplicationToken" element="tns:ApplicationToken"/>
    <wsdl:part name="ContextIdentifier" element="tns:ContextIdentifier"/>
  </wsdl:message>
  <wsdl:message name="AuthenticationResponse">
    <wsdl:part name="parameters" element="tns:AuthenticationResponse"/>
  </wsdl:message>
  <wsdl:portType name="IPartnerSystemUserService">
    <wsdl:operation name="Authenticate">
      <wsdl:input wsaw:Action="${ns}/IPartnerSystemUserService/Authenticate" name="AuthenticationRequest" message="tns:AuthenticationRequest" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"/>
      <wsdl:output wsaw:Action="${ns}/IPartnerSystemUserService/AuthenticateResponse" name="AuthenticationResponse" message="tns:AuthenticationResponse" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="BasicHttpBinding_IPartnerSystemUserService" type="tns:IPartnerSystemUserService">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Authenticate">
      <soap:operation soapAction="${ns}/IPartnerSystemUserService/Authenticate" style="document"/>
      <wsdl:input name="AuthenticationRequest">
        <soap:header message="tns:AuthenticationRequest_Headers" part="ApplicationToken" use="literal"/>
        <soap:header message="tns:AuthenticationRequest_Headers" part="ContextIdentifier" use="literal"/>
        <soap:body use="literal"/>
      </wsdl:input>
      <wsdl:output name="AuthenticationResponse"><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="PartnerSystemUserService">
    <wsdl:port name="BasicHttpBinding_IPartnerSystemUserService" binding="tns:BasicHttpBinding_IPartnerSystemUserService">
      <soap:address location="${location}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
